package io.photonflow.training;

import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.math.GraphConvolution;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerShape;
import io.photonflow.math.sparse.CsrMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Graph convolutions over one graph: the first layer reads the node features, every layer
 * aggregates over the normalized adjacency Â. The graph is loaded on first use, where the factory
 * runs, and shared by the layers it makes (and, loaded from files, by every factory of the
 * process).
 */
public final class GraphLayers implements LayerFactory {

    private static final long serialVersionUID = 1L;

    private final GraphSource source;
    private final double dropout;
    private final long maskSeed;
    private transient GraphDataset graph;
    private transient CsrMatrix adjacency;

    private GraphLayers(GraphSource source, GraphDataset graph, double dropout, long maskSeed) {
        this.source = source;
        this.graph = graph;
        this.dropout = dropout;
        this.maskSeed = maskSeed;
    }

    /** Layers over the graph {@code source} names, loaded where the layers are made. */
    public static GraphLayers of(GraphSource source, double dropout, long maskSeed) {
        return new GraphLayers(source, null, dropout, maskSeed);
    }

    /** Layers over a graph in memory (not for shipping to a cluster: the graph is transient). */
    public static GraphLayers of(GraphDataset graph, double dropout, long maskSeed) {
        return new GraphLayers(null, graph, dropout, maskSeed);
    }

    @Override
    public Layer create(LayerShape shape) {
        if (adjacency == null) {
            if (graph == null) {
                try {
                    graph = source.load();
                    adjacency = source.normalizedAdjacency();
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot read the graph in "
                                    + source.directory()
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            } else {
                adjacency = CsrMatrix.normalizedAdjacency(graph.nodeCount(), graph.edges());
            }
        }
        return shape.index() == 0
                ? GraphConvolution.onFeatures(shape, adjacency, graph.features(), dropout, maskSeed)
                : GraphConvolution.onHidden(shape, adjacency, dropout, maskSeed);
    }
}
