package io.photonflow.data.graph;

import io.photonflow.data.DataFormatException;
import io.photonflow.math.SoftmaxCrossEntropy;
import io.photonflow.math.sparse.CsrMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The nodes file of a graph data set: {@code node<TAB>label<TAB>features}, features as
 * space-separated {@code index:value} pairs.
 *
 * <p>The format has no header, so the data decides the sizes:
 *
 * <ul>
 *   <li>node ids must number the nodes 0..n-1, each once, lines in any order (the GCN ordering is
 *       part of the data set, so ids are kept, not renumbered);
 *   <li>the feature count is 1 + the largest feature index of any node (bag-of-words columns beyond
 *       the last one used cannot be told apart from columns that do not exist, and are worth
 *       nothing to a model); a negative index or one repeated within a node is an error;
 *   <li>the class count is 1 + the largest label, and every class below it must have a node: a
 *       class without one means a label that is out of range, e.g. a typo, rather than a class
 *       nobody belongs to; -1 marks an unlabelled node.
 * </ul>
 *
 * @param features nodes x features, row i for node i
 * @param labels the label of every node, or UNLABELLED
 * @param classCount number of classes
 */
record NodeTable(CsrMatrix features, int[] labels, int classCount) {

    private static final List<String> COLUMNS = List.of("node", "label", "features");
    private static final int MAX_REPORTED_CLASSES = 10;

    /** Reads and checks a nodes file. */
    static NodeTable read(Path file) throws IOException {
        List<ParsedNode> parsed = new ArrayList<>();
        TsvLine.forEach(file, COLUMNS, line -> parsed.add(parse(line)));
        if (parsed.isEmpty()) {
            throw new DataFormatException(file, "no nodes");
        }
        ParsedNode[] byId = byId(file, parsed);
        int featureCount = 0;
        int classCount = 0;
        int entries = 0;
        for (ParsedNode node : byId) {
            featureCount = Math.max(featureCount, node.maxIndex() + 1);
            classCount = Math.max(classCount, node.label() + 1);
            entries += node.indices().length;
        }
        if (featureCount == 0) {
            throw new DataFormatException(
                    file, "no node has a feature, so the feature count is unknown");
        }
        checkClasses(file, byId, classCount);
        int[] pointers = new int[byId.length + 1];
        int[] columns = new int[entries];
        float[] values = new float[entries];
        int[] labels = new int[byId.length];
        for (int id = 0; id < byId.length; id++) {
            ParsedNode node = byId[id];
            int start = pointers[id];
            System.arraycopy(node.indices(), 0, columns, start, node.indices().length);
            System.arraycopy(node.values(), 0, values, start, node.values().length);
            pointers[id + 1] = start + node.indices().length;
            labels[id] = node.label();
        }
        CsrMatrix features = new CsrMatrix(byId.length, featureCount, pointers, columns, values);
        return new NodeTable(features, labels, classCount);
    }

    private static ParsedNode parse(TsvLine line) throws DataFormatException {
        int id = line.integer(0, "node id");
        int label = line.integer(1, "label");
        if (label < SoftmaxCrossEntropy.UNLABELLED) {
            throw line.error(
                    "label "
                            + label
                            + " is out of range: a class number from 0, or -1 for an "
                            + "unlabelled node");
        }
        String features = line.text(2).strip();
        String[] pairs = features.isEmpty() ? new String[0] : features.split(" +");
        long[] sortable = new long[pairs.length];
        float[] parsedValues = new float[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            int colon = pairs[i].indexOf(':');
            if (colon <= 0
                    || colon != pairs[i].lastIndexOf(':')
                    || colon == pairs[i].length() - 1) {
                throw line.error("feature '" + pairs[i] + "' is not an index:value pair");
            }
            int index = line.parseInt(pairs[i].substring(0, colon), "feature index");
            if (index < 0 || index == Integer.MAX_VALUE) {
                throw line.error(
                        "feature index "
                                + index
                                + " in '"
                                + pairs[i]
                                + "' is outside 0.."
                                + (Integer.MAX_VALUE - 1));
            }
            float value = parseValue(line, pairs[i], pairs[i].substring(colon + 1));
            // Index in the high bits, position in the low: sorting orders by index and keeps
            // each pair's value findable.
            sortable[i] = ((long) index << 32) | i;
            parsedValues[i] = value;
        }
        Arrays.sort(sortable);
        int[] indices = new int[pairs.length];
        float[] values = new float[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            indices[i] = (int) (sortable[i] >>> 32);
            values[i] = parsedValues[(int) sortable[i]];
            if (i > 0 && indices[i] == indices[i - 1]) {
                throw line.error("feature index " + indices[i] + " appears more than once");
            }
        }
        return new ParsedNode(id, label, indices, values, line.number());
    }

    private static float parseValue(TsvLine line, String pair, String text)
            throws DataFormatException {
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw line.error("feature value '" + text + "' in '" + pair + "' is not a number");
        }
        if (!Float.isFinite(value)) {
            throw line.error(
                    "feature value '" + text + "' in '" + pair + "' is not a finite number");
        }
        return value;
    }

    private static ParsedNode[] byId(Path file, List<ParsedNode> parsed)
            throws DataFormatException {
        ParsedNode[] byId = new ParsedNode[parsed.size()];
        for (ParsedNode node : parsed) {
            if (node.id() < 0 || node.id() >= byId.length) {
                throw new DataFormatException(
                        file,
                        "line "
                                + node.line()
                                + ": node id "
                                + node.id()
                                + " is outside 0.."
                                + (byId.length - 1)
                                + ": ids must number the file's "
                                + byId.length
                                + " nodes from 0");
            }
            ParsedNode earlier = byId[node.id()];
            if (earlier != null) {
                throw new DataFormatException(
                        file,
                        "line "
                                + node.line()
                                + ": node "
                                + node.id()
                                + " is already defined on line "
                                + earlier.line());
            }
            byId[node.id()] = node;
        }
        return byId;
    }

    private static void checkClasses(Path file, ParsedNode[] nodes, int classCount)
            throws DataFormatException {
        if (classCount == 0) {
            throw new DataFormatException(file, "no node has a label");
        }
        boolean[] used = new boolean[classCount];
        for (ParsedNode node : nodes) {
            if (node.label() >= 0) {
                used[node.label()] = true;
            }
        }
        StringJoiner empty = new StringJoiner(", ");
        int emptyCount = 0;
        for (int c = 0; c < classCount; c++) {
            if (!used[c] && emptyCount++ < MAX_REPORTED_CLASSES) {
                empty.add(Integer.toString(c));
            }
        }
        if (emptyCount > 0) {
            throw new DataFormatException(
                    file,
                    "labels out of range: the largest label "
                            + (classCount - 1)
                            + " implies "
                            + classCount
                            + " classes, but "
                            + emptyCount
                            + " of them have no node ("
                            + empty
                            + (emptyCount > MAX_REPORTED_CLASSES ? ", ..." : "")
                            + "); labels must number the classes from 0");
        }
    }

    /** One line of the file, its features sorted by index. */
    private record ParsedNode(int id, int label, int[] indices, float[] values, int line) {

        int maxIndex() {
            return indices.length == 0 ? -1 : indices[indices.length - 1];
        }
    }
}
