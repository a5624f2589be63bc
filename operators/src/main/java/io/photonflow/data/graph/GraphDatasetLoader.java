package io.photonflow.data.graph;

import io.photonflow.data.DataFormatException;
import io.photonflow.data.graph.GraphDataset.Split;
import io.photonflow.math.SoftmaxCrossEntropy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a node-classification graph from three tab-separated files (the format of the shared
 * Planetoid data sets):
 *
 * <ul>
 *   <li>{@code nodes.tsv}: {@code node<TAB>label<TAB>features}, see {@link NodeTable} for how the
 *       node, feature and class counts follow from it;
 *   <li>{@code edges.tsv}: {@code u<TAB>v}, undirected, each pair once in either orientation. Self
 *       loops and repeated pairs (in either orientation) are rejected, not dropped: the
 *       normalization adds self loops itself, and a file that lists a pair twice was most likely
 *       converted from a directed list, which is worth knowing;
 *   <li>{@code split.tsv}: {@code node<TAB>train|val|test}; a node is in at most one split and must
 *       have a label; nodes in no split are allowed (they still pass messages).
 * </ul>
 *
 * Every problem is a {@link DataFormatException} that names the file, the line and what is wrong.
 */
public final class GraphDatasetLoader {

    public static final String NODES_FILE = "nodes.tsv";
    public static final String EDGES_FILE = "edges.tsv";
    public static final String SPLIT_FILE = "split.tsv";

    private static final List<String> EDGE_COLUMNS = List.of("node", "node");
    private static final List<String> SPLIT_COLUMNS = List.of("node", "split");

    private GraphDatasetLoader() {}

    /** Reads nodes.tsv, edges.tsv and split.tsv from {@code directory}. */
    public static GraphDataset load(Path directory) throws IOException {
        return load(
                directory.resolve(NODES_FILE),
                directory.resolve(EDGES_FILE),
                directory.resolve(SPLIT_FILE));
    }

    /** Reads a graph from its three files, wherever they are. */
    public static GraphDataset load(Path nodesFile, Path edgesFile, Path splitFile)
            throws IOException {
        NodeTable nodes = NodeTable.read(nodesFile);
        int[][] edges = readEdges(edgesFile, nodes.labels().length);
        List<List<Integer>> splits = readSplit(splitFile, nodes.labels());
        return new GraphDataset(
                nodes.classCount(),
                nodes.features(),
                nodes.labels(),
                edges,
                toArray(splits.get(Split.TRAIN.ordinal())),
                toArray(splits.get(Split.VAL.ordinal())),
                toArray(splits.get(Split.TEST.ordinal())));
    }

    private static int[][] readEdges(Path file, int nodeCount) throws IOException {
        List<int[]> edges = new ArrayList<>();
        Map<Long, Integer> lineOfPair = new HashMap<>();
        TsvLine.forEach(
                file,
                EDGE_COLUMNS,
                line -> {
                    int u = node(line, 0, nodeCount);
                    int v = node(line, 1, nodeCount);
                    if (u == v) {
                        throw line.error(
                                "self loop on node "
                                        + u
                                        + ": the normalization adds self loops "
                                        + "itself");
                    }
                    long pair = (long) Math.min(u, v) * nodeCount + Math.max(u, v);
                    Integer earlier = lineOfPair.putIfAbsent(pair, line.number());
                    if (earlier != null) {
                        throw line.error(
                                "edge "
                                        + u
                                        + "-"
                                        + v
                                        + " repeats the edge on line "
                                        + earlier
                                        + " (edges are undirected and listed once)");
                    }
                    edges.add(new int[] {u, v});
                });
        return edges.toArray(new int[0][]);
    }

    private static List<List<Integer>> readSplit(Path file, int[] labels) throws IOException {
        List<List<Integer>> splits = new ArrayList<>();
        for (int i = 0; i < Split.values().length; i++) {
            splits.add(new ArrayList<>());
        }
        Map<Integer, TsvLine> assigned = new HashMap<>();
        TsvLine.forEach(
                file,
                SPLIT_COLUMNS,
                line -> {
                    int node = node(line, 0, labels.length);
                    Split split = split(line);
                    TsvLine earlier = assigned.putIfAbsent(node, line);
                    if (earlier != null) {
                        throw line.error(
                                "node "
                                        + node
                                        + " is already in "
                                        + earlier.text(1)
                                        + " on line "
                                        + earlier.number());
                    }
                    if (labels[node] == SoftmaxCrossEntropy.UNLABELLED) {
                        throw line.error(
                                "node "
                                        + node
                                        + " is in "
                                        + split.fileName()
                                        + " but has no label in the nodes file");
                    }
                    splits.get(split.ordinal()).add(node);
                });
        return splits;
    }

    private static int node(TsvLine line, int column, int nodeCount) throws DataFormatException {
        int node = line.integer(column, "node id");
        if (node < 0 || node >= nodeCount) {
            throw line.error(
                    "unknown node " + node + ": the nodes file has ids 0.." + (nodeCount - 1));
        }
        return node;
    }

    private static Split split(TsvLine line) throws DataFormatException {
        for (Split split : Split.values()) {
            if (split.fileName().equals(line.text(1))) {
                return split;
            }
        }
        throw line.error("unknown split '" + line.text(1) + "': expected train, val or test");
    }

    private static int[] toArray(List<Integer> nodes) {
        return nodes.stream().mapToInt(Integer::intValue).toArray();
    }
}
