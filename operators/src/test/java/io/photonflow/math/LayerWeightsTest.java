package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerWeightsTest {

    private static final LayerShape SHAPE = new LayerShape(1, 5, 7, Activation.TANH);

    @Test
    void aBlockOfTheInitialWeightsIsThoseColumnsOfTheWholeLayersWeights() {
        LayerWeights whole = LayerWeights.initial(SHAPE, 42);

        LayerWeights block = LayerWeights.initial(SHAPE, 42, 2, 5);

        assertThat(NdArrays.toFloats(block.weights()))
                .containsExactly(NdArrays.toFloats(NdArrays.columnBlock(whole.weights(), 2, 5)));
        assertThat(block.bias().length()).isEqualTo(3);
    }

    @Test
    void theShardsOfALayerJoinIntoTheWholeLayer() {
        LayerWeights whole = LayerWeights.initial(SHAPE, 42);
        StartingPoint seeded = StartingPoint.seeded(42);

        LayerWeights joined =
                LayerWeights.join(
                        List.of(
                                seeded.shard(SHAPE, 3, 0).of(Sharding.shape(SHAPE, 3, 0)),
                                seeded.shard(SHAPE, 3, 1).of(Sharding.shape(SHAPE, 3, 1)),
                                seeded.shard(SHAPE, 3, 2).of(Sharding.shape(SHAPE, 3, 2))));

        assertThat(NdArrays.toFloats(joined.weights()))
                .containsExactly(NdArrays.toFloats(whole.weights()));
        assertThat(joined.bias().shape()).containsExactly(7L);
    }
}
