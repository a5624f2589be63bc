package io.photonflow.math;

import io.photonflow.data.DataSpec;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.NetworkSpec.LayerShape;
import io.photonflow.model.Seeds;
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

    /**
     * The layers of {@code network}: dense ones, or graph convolutions over {@code data}'s graph
     * with dropout masks drawn from the data seed.
     */
    static LayerFactory of(NetworkSpec network, DataSpec data, Seeds seeds) {
        return network.kind() == NetworkSpec.Kind.GCN
                ? GraphLayers.of(data.graphSource(), network.dropout(), seeds.data())
                : dense();
    }
}
