package io.photonflow.data.graph;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where a graph dataset is and how its features are prepared; serializable, so that every
 * operator that needs the graph loads it where it runs.
 *
 * @param directory folder with nodes.tsv, edges.tsv and split.tsv
 * @param rowNormalized whether every node's features are scaled to sum to 1
 */
public record GraphSource(String directory, boolean rowNormalized) implements Serializable {

    /** Reads the graph, with clear errors naming the file and line of malformed input. */
    public GraphDataset load() throws IOException {
        GraphDataset graph = GraphDatasetLoader.load(Path.of(directory));
        return rowNormalized ? graph.withRowNormalizedFeatures() : graph;
    }
}
