package io.photonflow.math;

import java.io.Serializable;

/**
 * Where training starts: seeded weights; the weights of an earlier model (a warm start, or
 * fine-tuning from step 0); or an earlier run's state after one of its epochs, weights and
 * optimizer state, from which the run continues exactly as if it had not stopped. Layer_l and
 * Update_l must start from the same point, so both are given the same {@code StartingPoint}, and so
 * is the reference trainer.
 */
public interface StartingPoint extends Serializable {

    /** The weights of the layer of {@code shape} at {@link #step()}, outside any workspace. */
    LayerWeights of(LayerShape shape);

    /** Training steps already taken: the version of the starting weights. */
    default long step() {
        return 0;
    }

    /** Epochs already completed, which a resumed run skips. */
    default int epoch() {
        return 0;
    }

    /**
     * The learner of {@code layer} at {@link #step()}: by default its starting weights and a fresh
     * optimizer; a resumed run's carries the optimizer state it stopped with.
     *
     * @param totalSteps length of the run, for the learning-rate schedule (0 when unknown)
     */
    default LayerLearner learner(Layer layer, OptimizerSpec spec, long totalSteps) {
        return LayerLearner.initial(layer, spec, totalSteps, this);
    }

    /** Glorot-uniform weights drawn from {@code seed} and zero biases ({@link LayerWeights}). */
    static StartingPoint seeded(long seed) {
        return new Seeded(seed);
    }

    /**
     * Weights drawn from a seed, layer by layer.
     *
     * @param seed the run's {@code seeds.init}
     */
    record Seeded(long seed) implements StartingPoint {

        @Override
        public LayerWeights of(LayerShape shape) {
            return LayerWeights.initial(shape, seed);
        }
    }
}
