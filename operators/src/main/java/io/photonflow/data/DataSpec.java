package io.photonflow.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job's examples come from.
 *
 * @param train the training set
 * @param test the test set, evaluated after every epoch
 * @param trainLimit use only the first N records of the training file; 0 uses all
 * @param testLimit use only the first N records of the test file; 0 uses all
 * @param normalization how input features are rescaled before training
 * @param validationSize hold out the last N usable training examples as a validation set, evaluated
 *     after every epoch (for model selection); 0 holds none out
 * @param graph a folder with a graph dataset (nodes.tsv, edges.tsv, split.tsv) for gcn networks,
 *     which replaces train, test and validation; null for examples
 */
public record DataSpec(
        SplitSource train,
        SplitSource test,
        int trainLimit,
        int testLimit,
        Normalization normalization,
        int validationSize,
        String graph)
        implements Serializable {

    /** How input features are rescaled. */
    public enum Normalization {
        /** As read (idx pixels are already scaled to [0, 1]). */
        NONE,
        /** To zero mean and unit variance over the training set ({@link InputScaling}). */
        STANDARDIZE,
        /** Graphs: every node's features scaled to sum to 1, as Kipf and Welling do. */
        ROW
    }

    /** Whether the examples are the nodes of a graph. */
    public boolean isGraph() {
        return graph != null && !graph.isBlank();
    }

    /** Problems with this specification, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (normalization == null) {
            problems.add(path + ".normalization must be one of none, standardize, row");
        }
        if (isGraph()) {
            if (normalization == Normalization.STANDARDIZE) {
                problems.add(path + ".normalization of a graph must be none or row");
            }
            return problems;
        }
        if (normalization == Normalization.ROW) {
            problems.add(path + ".normalization row applies to graphs (data.graph) only");
        }
        if (train == null) {
            problems.add(path + ".train is missing");
        } else {
            problems.addAll(train.problems(path + ".train"));
        }
        if (test == null) {
            problems.add(path + ".test is missing");
        } else {
            problems.addAll(test.problems(path + ".test"));
        }
        if (trainLimit < 0) {
            problems.add(path + ".train-limit must be 0 (all) or more, got " + trainLimit);
        }
        if (validationSize < 0) {
            problems.add(path + ".validation-size must be 0 (none) or more, got " + validationSize);
        }
        if (testLimit < 0) {
            problems.add(path + ".test-limit must be 0 (all) or more, got " + testLimit);
        }
        return problems;
    }
}
