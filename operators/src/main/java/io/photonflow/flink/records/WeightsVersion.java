package io.photonflow.flink.records;

import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;

/**
 * One version of a layer's parameters, as an update operator publishes them.
 *
 * @param layer 0-based layer index
 * @param version updates applied (0 = the initial weights)
 * @param epoch 1-based epoch of the update that produced it (0 for the initial weights)
 * @param lastOfEpoch whether it is the last version of its epoch
 * @param weights W
 * @param bias b, as one row
 */
public record WeightsVersion(
        int layer,
        long version,
        int epoch,
        boolean lastOfEpoch,
        FloatMatrix weights,
        FloatMatrix bias) {

    /** A copy of {@code weights}, labelled. */
    public static WeightsVersion of(
            int layer, long version, int epoch, boolean lastOfEpoch, LayerWeights weights) {
        return new WeightsVersion(
                layer,
                version,
                epoch,
                lastOfEpoch,
                FloatMatrix.of(weights.weights()),
                FloatMatrix.of(weights.bias()));
    }

    /** Overwrites {@code target}, shaped like this version, with its parameters. */
    public void copyInto(LayerWeights target) {
        NdArrays.copyInto(target.weights(), weights.data());
        NdArrays.copyInto(target.bias(), bias.data());
    }
}
