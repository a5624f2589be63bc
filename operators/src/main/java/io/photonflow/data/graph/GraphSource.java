package io.photonflow.data.graph;

import io.photonflow.data.DataSpec;
import io.photonflow.data.ProcessCache;
import io.photonflow.math.sparse.CsrMatrix;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a graph dataset is and how its features are prepared; serializable, so that every operator
 * that needs the graph loads it where it runs.
 *
 * @param directory folder with nodes.tsv, edges.tsv and split.tsv
 * @param rowNormalized whether every node's features are scaled to sum to 1
 */
public record GraphSource(String directory, boolean rowNormalized) implements Serializable {

    /** The graph dataset {@code spec} names; only for {@link DataSpec#isGraph()}. */
    public static GraphSource of(DataSpec spec) {
        return new GraphSource(spec.graph(), spec.normalization() == DataSpec.Normalization.ROW);
    }

    /**
     * Reads the graph, with clear errors naming the file and line of malformed input; once per
     * process while the files stay unchanged.
     */
    public GraphDataset load() throws IOException {
        return ProcessCache.get(this, files(), this::read);
    }

    /** Its normalized adjacency, computed once per process like the graph itself. */
    public CsrMatrix normalizedAdjacency() throws IOException {
        GraphDataset graph = load();
        return ProcessCache.get(
                List.of("normalized adjacency", this),
                files(),
                () -> CsrMatrix.normalizedAdjacency(graph.nodeCount(), graph.edges()));
    }

    private List<Path> files() {
        Path folder = Path.of(directory);
        return List.of(
                folder.resolve(GraphDatasetLoader.NODES_FILE),
                folder.resolve(GraphDatasetLoader.EDGES_FILE),
                folder.resolve(GraphDatasetLoader.SPLIT_FILE));
    }

    private GraphDataset read() throws IOException {
        GraphDataset graph = GraphDatasetLoader.load(Path.of(directory));
        return rowNormalized ? graph.withRowNormalizedFeatures() : graph;
    }
}
