package io.photonflow.data.graph;

import io.photonflow.data.DataFormatException;
import io.photonflow.data.graph.GraphDataset.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a graph can train a network: every split has nodes (an empty validation or test split
 * would be reported as NaN accuracies after every epoch), and no node has a feature index or a
 * label beyond the network's inputs or classes. The sizes of a graph follow from its largest index
 * and label, so one typo makes the whole graph look wider than the network: the error names the
 * line of the nodes file that holds it.
 */
public final class GraphFit {

    private static final List<String> NODE_COLUMNS = List.of("node", "label", "features");

    private GraphFit() {}

    /**
     * Checks {@code graph}, read from {@code directory}, for a network of {@code inputs} features
     * and {@code classes} classes; a graph narrower than the network passes, the caller decides.
     */
    public static void check(Path directory, GraphDataset graph, int inputs, int classes)
            throws IOException {
        for (Split split : Split.values()) {
            if (graph.nodes(split).length == 0) {
                throw new DataFormatException(
                        directory.resolve(GraphDatasetLoader.SPLIT_FILE),
                        "no "
                                + split.fileName()
                                + " nodes: training needs nodes of each of train, val and test");
            }
        }
        if (graph.featureCount() <= inputs && graph.classCount() <= classes) {
            return;
        }
        TsvLine.forEach(
                directory.resolve(GraphDatasetLoader.NODES_FILE),
                NODE_COLUMNS,
                line -> checkLine(line, inputs, classes));
    }

    private static void checkLine(TsvLine line, int inputs, int classes)
            throws DataFormatException {
        int label = line.integer(1, "label");
        if (label >= classes) {
            throw line.error(
                    "label "
                            + label
                            + " is outside the network's "
                            + classes
                            + " classes (0.."
                            + (classes - 1)
                            + ")");
        }
        String features = line.text(2).strip();
        for (String pair : features.isEmpty() ? new String[0] : features.split(" +")) {
            int index = line.parseInt(pair.substring(0, pair.indexOf(':')), "feature index");
            if (index >= inputs) {
                throw line.error(
                        "feature index "
                                + index
                                + " in '"
                                + pair
                                + "' is outside the network's "
                                + inputs
                                + " inputs (0.."
                                + (inputs - 1)
                                + ")");
            }
        }
    }
}
