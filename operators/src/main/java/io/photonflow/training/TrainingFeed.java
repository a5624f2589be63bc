package io.photonflow.training;

import io.photonflow.math.NdArrays;
import io.photonflow.model.Phase;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the reference trainer learns from and evaluates on, in the dataflow's order: per epoch the
 * training minibatches, then the validation and the test minibatches. Minibatches of examples carry
 * their features; those of a graph carry labels only, since the first graph convolution holds the
 * node features.
 */
public interface TrainingFeed {

    /** Training steps in every epoch. */
    int stepsPerEpoch();

    /**
     * Training steps the learning-rate schedule spans over {@code epochs}; 0 for a stream, whose
     * length is unknown while it is trained on.
     */
    default long scheduledSteps(int epochs) {
        return (long) stepsPerEpoch() * epochs;
    }

    /** The {@code index}-th training minibatch of epoch {@code epoch} (both 0-based). */
    Batch trainingBatch(int epoch, int index);

    /** Minibatches of an evaluation pass ({@link Phase#VALIDATION} or {@link Phase#TEST}). */
    int evaluationBatches(Phase phase);

    /** The {@code index}-th minibatch of an evaluation pass. */
    Batch evaluationBatch(Phase phase, int index);

    /**
     * A minibatch.
     *
     * @param features rows x featureCount, row-major; null when the first layer holds them
     * @param featureCount columns of {@code features}
     * @param labels the class of every row, or unlabelled
     */
    record Batch(float[] features, int featureCount, int[] labels) {

        /** The features as the first layer's input (null when it holds them itself). */
        public INDArray input() {
            return features == null ? null : NdArrays.matrix(features, labels.length, featureCount);
        }
    }
}
