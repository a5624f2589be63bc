package io.photonflow.training;

import io.photonflow.data.DataSpec;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.math.LayerFactory;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.Seeds;

/** The layer factory of a configured network: where its layer kind meets its data. */
public final class NetworkLayers {

    private NetworkLayers() {}

    /**
     * The layers of {@code network}: dense ones, or graph convolutions over {@code data}'s graph
     * with dropout masks drawn from the data seed.
     */
    public static LayerFactory of(NetworkSpec network, DataSpec data, Seeds seeds) {
        if (network.kind() == NetworkSpec.Kind.GCN) {
            return GraphLayers.of(GraphSource.of(data), network.dropout(), seeds.data());
        }
        return LayerFactory.dense();
    }
}
