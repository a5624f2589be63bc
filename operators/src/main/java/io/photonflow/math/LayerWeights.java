package io.photonflow.math;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
     * Columns [from, to) of {@link #initial(LayerShape, long)}: the same values, drawn in the same
     * order, keeping only the block's, so that a shard of a layer no process could hold starts from
     * its part of the whole layer's weights without making the whole.
     */
    public static LayerWeights initial(LayerShape shape, long seed, int from, int to) {
        int fanIn = shape.inputSize();
        int fanOut = shape.outputSize();
        double limit =
                shape.activation() == Activation.RELU
                        ? Math.sqrt(6.0 / fanIn)
                        : Math.sqrt(6.0 / (fanIn + fanOut));
        SplittableRandom random = Streams.forLayer(seed, shape.index());
        int width = to - from;
        float[] w = new float[fanIn * width];
        for (int row = 0; row < fanIn; row++) {
            for (int col = 0; col < fanOut; col++) {
                float value = (float) ((2 * random.nextDouble() - 1) * limit);
                if (col >= from && col < to) {
                    w[row * width + col - from] = value;
                }
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
