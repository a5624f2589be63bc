package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.math.Activation;
import io.photonflow.math.Algorithm;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LearningRule;
import io.photonflow.math.Sharding;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficModelTest {

    /** 784-256-128-10, hidden layers in 2 shards each, minibatches of 100. */
    private static final List<LayerShape> NETWORK =
            List.of(
                    new LayerShape(0, 784, 256, Activation.TANH),
                    new LayerShape(1, 256, 128, Activation.TANH),
                    new LayerShape(2, 128, 10, Activation.IDENTITY));

    @Test
    void forwardEveryShardReceivesTheWholeInputWithTheLabelsOnEveryBlock() {
        TrafficModel model =
                TrafficModel.of(
                        LearningRule.of(Algorithm.DFA, NETWORK, Sharding.of(2)), NETWORK, 100);

        assertThat(model.forward())
                .containsExactly(
                        2 * (100L * 784 * 4 + 100 * 4),
                        2 * (100L * 256 * 4 + 2 * 100 * 4),
                        100L * 128 * 4 + 2 * 100 * 4);
        assertThat(model.forwardTotal()).isEqualTo(628_000 + 206_400 + 52_000);
    }

    @Test
    void dfaSendsEachHiddenShardTheOutputErrorAlone() {
        TrafficModel model =
                TrafficModel.of(
                        LearningRule.of(Algorithm.DFA, NETWORK, Sharding.of(2)), NETWORK, 100);

        assertThat(model.backward()).containsExactly(2 * 100L * 10 * 4, 2 * 100L * 10 * 4);
    }

    @Test
    void bpSendsEachHiddenLayerThePartsOfTheShardsAbove() {
        TrafficModel model =
                TrafficModel.of(
                        LearningRule.of(Algorithm.BP, NETWORK, Sharding.of(2)), NETWORK, 100);

        assertThat(model.backward()).containsExactly(2 * 100L * 256 * 4, 100L * 128 * 4);
        assertThat(model.backwardTotal()).isEqualTo(204_800 + 51_200);
    }
}
