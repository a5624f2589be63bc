package io.photonflow.math;

import java.io.Serializable;

/**
 * Makes the {@link Layer} of a network's layer shape; serializable, so that a layer operator and
 * its update operator each make the same layer where they run.
 */
@FunctionalInterface
public interface LayerFactory extends Serializable {

    /**
     * The layer of {@code shape}; may read data the layer holds (a graph's adjacency), and fails
     * with an {@link java.io.UncheckedIOException} when that cannot be read.
     */
    Layer create(LayerShape shape);

    /** Fully connected layers. */
    static LayerFactory dense() {
        return DenseLayer::new;
    }
}
