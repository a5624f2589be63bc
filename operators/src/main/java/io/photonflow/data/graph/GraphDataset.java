package io.photonflow.data.graph;

import io.photonflow.math.SoftmaxCrossEntropy;
import io.photonflow.math.sparse.CsrMatrix;
import java.util.Arrays;
import java.util.Locale;

/**
 * A node-classification graph in memory: nodes numbered 0..n-1 with sparse features and a class
 * label each ({@link SoftmaxCrossEntropy#UNLABELLED} where there is none), undirected edges, and
 * the train, validation and test node sets. Everything it hands out is a copy or immutable.
 */
public final class GraphDataset {

    private final int featureCount;
    private final int classCount;
    private final CsrMatrix features;
    private final int[] labels;
    private final int[][] edges;
    private final int[][] splits;

    /**
     * @param features nodes x featureCount
     * @param labels a class in [0, classCount) or UNLABELLED per node
     * @param edges pairs {u, v} of nodes, each undirected edge once
     * @param train nodes to learn from
     * @param validation nodes to select the model with
     * @param test nodes to report
     */
    public GraphDataset(
            int classCount,
            CsrMatrix features,
            int[] labels,
            int[][] edges,
            int[] train,
            int[] validation,
            int[] test) {
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException(
                    features.rows() + " feature rows but " + labels.length + " labels");
        }
        for (int label : labels) {
            if (label != SoftmaxCrossEntropy.UNLABELLED && (label < 0 || label >= classCount)) {
                throw new IllegalArgumentException(
                        "label " + label + " is outside [0, " + classCount + ")");
            }
        }
        this.featureCount = features.columns();
        this.classCount = classCount;
        this.features = features;
        this.labels = labels.clone();
        this.edges = new int[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            this.edges[i] = edges[i].clone();
        }
        this.splits = new int[][] {sortedNodes(train), sortedNodes(validation), sortedNodes(test)};
    }

    /** The node sets of a dataset, as named in split files. */
    public enum Split {
        TRAIN,
        VAL,
        TEST;

        /** The name used in split files: train, val or test. */
        public String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public int nodeCount() {
        return labels.length;
    }

    public int featureCount() {
        return featureCount;
    }

    public int classCount() {
        return classCount;
    }

    /** Node features, nodes x features. */
    public CsrMatrix features() {
        return features;
    }

    /** The label of every node, UNLABELLED where there is none. */
    public int[] labels() {
        return labels.clone();
    }

    /** The undirected edges, each once, as pairs {u, v}. */
    public int[][] edges() {
        int[][] copy = new int[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            copy[i] = edges[i].clone();
        }
        return copy;
    }

    public int edgeCount() {
        return edges.length;
    }

    /** The nodes of {@code split}, in increasing order. */
    public int[] nodes(Split split) {
        return splits[split.ordinal()].clone();
    }

    /**
     * One label per node: the node's own for the nodes of {@code split}, UNLABELLED for all others;
     * the labels a full-batch loss or accuracy over that split reads.
     */
    public int[] labelsOf(Split split) {
        int[] masked = new int[labels.length];
        Arrays.fill(masked, SoftmaxCrossEntropy.UNLABELLED);
        for (int node : splits[split.ordinal()]) {
            masked[node] = labels[node];
        }
        return masked;
    }

    /**
     * The same graph with every node's feature vector scaled to sum to 1 (nodes without features
     * unchanged): Kipf and Welling's preprocessing of bag-of-words features.
     */
    public GraphDataset withRowNormalizedFeatures() {
        return new GraphDataset(
                classCount,
                features.rowNormalized(),
                labels,
                edges,
                splits[0],
                splits[1],
                splits[2]);
    }

    private int[] sortedNodes(int[] nodes) {
        int[] sorted = nodes.clone();
        Arrays.sort(sorted);
        for (int node : sorted) {
            if (node < 0 || node >= labels.length) {
                throw new IllegalArgumentException(
                        "split node " + node + " is outside 0.." + (labels.length - 1));
            }
        }
        return sorted;
    }
}
