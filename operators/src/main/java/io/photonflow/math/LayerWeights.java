package io.photonflow.math;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One version of a layer's parameters: W (inputSize x outputSize) and b (outputSize).
 *
 * @param weights W
 * @param bias b
 */
public record LayerWeights(INDArray weights, INDArray bias) {

    /**
     * Seeded initial parameters: Glorot-uniform weights (He-uniform under ReLU) and zero biases.
     * Each layer draws from its own stream derived from {@code seed} and the layer index, so every
     * operator that needs the initial weights of a layer can compute them independently. The arrays
     * live outside any workspace.
     */
    public static LayerWeights initial(LayerShape shape, long seed) {
        return initial(shape, seed, 0, shape.outputSize());
    }

    /**
     * Columns [from, to) of {@link #initial(LayerShape, long)}: the same values, the block's alone
     * drawn ({@link Streams#layerDoubleAt}), so that a shard of a layer no process could hold
     * starts from its part of the whole layer's weights without making or drawing the whole.
     */
    public static LayerWeights initial(LayerShape shape, long seed, int from, int to) {
        int fanIn = shape.inputSize();
        int fanOut = shape.outputSize();
        double limit =
                shape.activation() == Activation.RELU
                        ? Math.sqrt(6.0 / fanIn)
                        : Math.sqrt(6.0 / (fanIn + fanOut));
        int width = to - from;
        float[] w = new float[fanIn * width];
        for (int row = 0; row < fanIn; row++) {
            for (int col = from; col < to; col++) {
                double uniform =
                        Streams.layerDoubleAt(seed, shape.index(), (long) row * fanOut + col);
                w[row * width + col - from] = (float) ((2 * uniform - 1) * limit);
            }
        }
        return Workspaces.detached(
                () ->
                        new LayerWeights(
                                NdArrays.matrix(w, fanIn, width),
                                Nd4j.zeros(DataType.FLOAT, width)));
    }

    /** Zeroed parameters of the given shape, made outside any workspace. */
    public static LayerWeights detachedZeros(LayerShape shape) {
        return Workspaces.detached(
                () ->
                        new LayerWeights(
                                Nd4j.zeros(DataType.FLOAT, shape.inputSize(), shape.outputSize()),
                                Nd4j.zeros(DataType.FLOAT, shape.outputSize())));
    }

    /**
     * The parameters of a whole layer from those of its column shards, in shard order, outside any
     * workspace; a layer of one shard is copied as it is.
     */
    public static LayerWeights join(List<LayerWeights> shards) {
        List<INDArray> weights = new ArrayList<>();
        List<INDArray> biases = new ArrayList<>();
        for (LayerWeights shard : shards) {
            weights.add(shard.weights());
            biases.add(shard.bias().reshape(1, shard.bias().length()));
        }
        return Workspaces.detached(
                () ->
                        new LayerWeights(
                                NdArrays.joinColumns(weights),
                                NdArrays.joinColumns(biases).reshape(-1)));
    }

    /** Overwrites these parameters with {@code source}'s. */
    public void assign(LayerWeights source) {
        NdArrays.copy(source.weights(), weights);
        NdArrays.copy(source.bias(), bias);
    }
}
