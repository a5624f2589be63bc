package io.photonflow.math;

import java.io.Serializable;

/**
 * Where every layer's weights at version 0 come from: a seeded initialization, or the weights of an
 * earlier model (a warm start). Layer_l and Update_l must start from the same weights, so both are
 * given the same {@code InitialWeights}, and so is the reference trainer.
 */
public interface InitialWeights extends Serializable {

    /** The weights of the layer of {@code shape} before any update, outside any workspace. */
    LayerWeights of(LayerShape shape);

    /** Glorot-uniform weights drawn from {@code seed} and zero biases ({@link LayerWeights}). */
    static InitialWeights seeded(long seed) {
        return new Seeded(seed);
    }

    /**
     * Weights drawn from a seed, layer by layer.
     *
     * @param seed the run's {@code seeds.init}
     */
    record Seeded(long seed) implements InitialWeights {

        @Override
        public LayerWeights of(LayerShape shape) {
            return LayerWeights.initial(shape, seed);
        }
    }
}
