package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.math.LearningRule.Block;
import io.photonflow.math.LearningRule.Source;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LearningRuleTest {

    /** 4 inputs, hidden layers of 3 and 2 units, 2 classes. */
    private static final List<LayerShape> NETWORK =
            List.of(
                    new LayerShape(0, 4, 3, Activation.TANH),
                    new LayerShape(1, 3, 2, Activation.TANH),
                    new LayerShape(2, 2, 2, Activation.IDENTITY));

    @Test
    void dfaFeedsTheClassifierTheErrorAndEveryHiddenLayerItsBlockOfTheProjection() {
        LearningRule dfa = LearningRule.of(Algorithm.DFA, NETWORK);

        assertThat(dfa.projects()).isTrue();
        assertThat(dfa.projectedWidth()).isEqualTo(5);
        assertThat(List.of(dfa.source(0), dfa.source(1), dfa.source(2)))
                .containsExactly(Source.PROJECTION, Source.PROJECTION, Source.OUTPUT_ERROR);
        assertThat(
                        List.of(
                                dfa.passesSignalDown(0),
                                dfa.passesSignalDown(1),
                                dfa.passesSignalDown(2)))
                .containsOnly(false);
        assertThat(dfa.columns(0)).isEqualTo(new Block(0, 3));
        assertThat(dfa.columns(1)).isEqualTo(new Block(3, 5));
    }

    @Test
    void bpChainsEveryHiddenLayerToTheLayerAbove() {
        LearningRule bp = LearningRule.of(Algorithm.BP, NETWORK);

        assertThat(bp.projects()).isFalse();
        assertThat(List.of(bp.source(0), bp.source(1), bp.source(2)))
                .containsExactly(Source.LAYER_ABOVE, Source.LAYER_ABOVE, Source.OUTPUT_ERROR);
        assertThat(List.of(bp.passesSignalDown(0), bp.passesSignalDown(1), bp.passesSignalDown(2)))
                .containsExactly(false, true, true);
        assertThatThrownBy(() -> bp.columns(0)).hasMessageContaining("does not learn from e B");
    }

    @Test
    void aNetworkWithoutHiddenLayersProjectsNothingUnderDfa() {
        LearningRule dfa =
                LearningRule.of(
                        Algorithm.DFA, List.of(new LayerShape(0, 4, 2, Activation.IDENTITY)));

        assertThat(dfa.projects()).isFalse();
        assertThat(dfa.source(0)).isEqualTo(Source.OUTPUT_ERROR);
        assertThat(dfa.passesSignalDown(0)).isFalse();
    }

    @Test
    void slicesAreTheLayersColumnsOfTheProjection() {
        LearningRule dfa = LearningRule.of(Algorithm.DFA, NETWORK);
        INDArray projected = NdArrays.matrix(new float[] {1, 2, 3, 4, 5, 10, 20, 30, 40, 50}, 2, 5);

        List<INDArray> slices = dfa.slices(projected);

        assertThat(NdArrays.toFloats(slices.get(0))).containsExactly(1, 2, 3, 10, 20, 30);
        assertThat(NdArrays.toFloats(slices.get(1))).containsExactly(4, 5, 40, 50);
        assertThatThrownBy(() -> dfa.slice(NdArrays.matrix(new float[4], 1, 4), 0))
                .hasMessageContaining("4 columns, the hidden layers need 5");
    }

    @Test
    void dfaBackwardGivesEveryLayerItsSignalClassifierFirstAndPassesNothingDown() {
        LearningRule dfa = LearningRule.of(Algorithm.DFA, NETWORK);
        INDArray error = NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2);
        INDArray projected = NdArrays.matrix(new float[] {1, 2, 3, 4, 5}, 1, 5);
        List<String> calls = new ArrayList<>();

        dfa.backward(
                error,
                projected,
                (layer, shard, signal, passDown) -> {
                    calls.add(layer + ":" + floats(signal) + ":" + passDown);
                    return null;
                });

        assertThat(calls)
                .containsExactly(
                        "2:[0.5, -0.5]:false", "1:[4.0, 5.0]:false", "0:[1.0, 2.0, 3.0]:false");
    }

    @Test
    void bpBackwardHandsEachLayerWhatTheLayerAbovePassedDown() {
        LearningRule bp = LearningRule.of(Algorithm.BP, NETWORK);
        INDArray error = NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2);
        List<String> calls = new ArrayList<>();

        bp.backward(
                error,
                null,
                (layer, shard, signal, passDown) -> {
                    calls.add(layer + ":" + floats(signal) + ":" + passDown);
                    return passDown
                            ? NdArrays.matrix(
                                            new float[NETWORK.get(layer).inputSize()],
                                            1,
                                            NETWORK.get(layer).inputSize())
                                    .addi(layer)
                            : null;
                });

        assertThat(calls)
                .containsExactly(
                        "2:[0.5, -0.5]:true", "1:[2.0, 2.0]:true", "0:[1.0, 1.0, 1.0]:false");
    }

    @Test
    void dfaGivesEachShardItsBlockOfItsLayersColumnsOfTheProjection() {
        LearningRule dfa = LearningRule.of(Algorithm.DFA, NETWORK, new Sharding(List.of(2, 1)));
        INDArray error = NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2);
        INDArray projected = NdArrays.matrix(new float[] {1, 2, 3, 4, 5}, 1, 5);
        List<String> calls = new ArrayList<>();

        dfa.backward(
                error,
                projected,
                (layer, shard, signal, passDown) -> {
                    calls.add(layer + "." + shard + ":" + floats(signal));
                    return null;
                });

        assertThat(List.of(dfa.shards(0), dfa.shards(1), dfa.shards(2))).containsExactly(2, 1, 1);
        assertThat(dfa.columns(0, 0)).isEqualTo(new Block(0, 2));
        assertThat(dfa.columns(0, 1)).isEqualTo(new Block(2, 3));
        assertThat(calls)
                .containsExactly(
                        "2.0:[0.5, -0.5]", "1.0:[4.0, 5.0]", "0.0:[1.0, 2.0]", "0.1:[3.0]");
    }

    @Test
    void bpSumsTheShardsPartsAndSplitsTheSumForTheShardsBelow() {
        LearningRule bp = LearningRule.of(Algorithm.BP, NETWORK, Sharding.of(2));
        INDArray error = NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2);
        List<String> calls = new ArrayList<>();

        bp.backward(
                error,
                null,
                (layer, shard, signal, passDown) -> {
                    calls.add(layer + "." + shard + ":" + floats(signal));
                    int inputs = NETWORK.get(layer).inputSize();
                    float[] part = new float[inputs];
                    for (int i = 0; i < inputs; i++) {
                        part[i] = (1 + i) * (shard == 0 ? 1 : 10);
                    }
                    return passDown ? NdArrays.matrix(part, 1, inputs) : null;
                });

        assertThat(calls)
                .containsExactly(
                        "2.0:[0.5, -0.5]",
                        "1.0:[1.0]",
                        "1.1:[2.0]",
                        "0.0:[11.0, 22.0]",
                        "0.1:[33.0]");
    }

    @Test
    void refusesMoreShardsThanALayerHasColumns() {
        assertThatThrownBy(() -> LearningRule.of(Algorithm.DFA, NETWORK, Sharding.of(3)))
                .hasMessageContaining("3 shards for layer 1, which has only 2 columns");
    }

    @Test
    void backwardRefusesAProjectionTheRuleDoesNotMake() {
        INDArray error = NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2);
        LearningRule bp = LearningRule.of(Algorithm.BP, NETWORK);
        LearningRule dfa = LearningRule.of(Algorithm.DFA, NETWORK);

        assertThatThrownBy(() -> bp.backward(error, error, (l, j, s, p) -> null))
                .hasMessageContaining("nothing to project under BP");
        assertThatThrownBy(() -> dfa.backward(error, null, (l, j, s, p) -> null))
                .hasMessageContaining("DFA needs the projected error");
    }

    private static String floats(INDArray array) {
        return java.util.Arrays.toString(NdArrays.toFloats(array));
    }
}
