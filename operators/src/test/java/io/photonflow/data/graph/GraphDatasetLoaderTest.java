package io.photonflow.data.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.data.DataFormatException;
import io.photonflow.data.graph.GraphDataset.Split;
import io.photonflow.math.NdArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphDatasetLoaderTest {

    private static final String NODES =
            """
            0\t1\t0:1 2:0.5
            2\t0\t1:2
            1\t-1\t
            3\t0\t2:1 0:3
            """;
    private static final String EDGES = "0\t1\n2\t1\n3\t0\n";
    private static final String SPLIT = "0\ttrain\n3\tval\n2\ttest\n";

    @TempDir Path dir;

    @Test
    void loadsNodesEdgesAndSplit() throws IOException {
        GraphDataset data = load(NODES, EDGES, SPLIT);

        assertThat(data.nodeCount()).isEqualTo(4);
        assertThat(data.featureCount()).isEqualTo(3);
        assertThat(data.classCount()).isEqualTo(2);
        assertThat(data.labels()).containsExactly(1, -1, 0, 0);
        // Rows follow node ids, not line order; pairs are sorted by index.
        assertThat(NdArrays.toFloats(data.features().toDense()))
                .containsExactly(1f, 0f, 0.5f, 0f, 0f, 0f, 0f, 2f, 0f, 3f, 0f, 1f);
        assertThat(data.edges()).isDeepEqualTo(new int[][] {{0, 1}, {2, 1}, {3, 0}});
        assertThat(data.edgeCount()).isEqualTo(3);
        assertThat(data.nodes(Split.TRAIN)).containsExactly(0);
        assertThat(data.nodes(Split.VAL)).containsExactly(3);
        assertThat(data.nodes(Split.TEST)).containsExactly(2);
        assertThat(data.labelsOf(Split.VAL)).containsExactly(-1, -1, -1, 0);
    }

    @Test
    void theFeatureCountIsOnePastTheLargestIndex() throws IOException {
        GraphDataset data = load("0\t0\t7:1\n1\t1\t\n", "", "");

        assertThat(data.featureCount()).isEqualTo(8);
    }

    @Test
    void rowNormalizationScalesEachNodesFeaturesToSumToOne() throws IOException {
        GraphDataset data = load(NODES, EDGES, SPLIT).withRowNormalizedFeatures();

        assertThat(NdArrays.toFloats(data.features().toDense()))
                .containsExactly(2f / 3, 0f, 1f / 3, 0f, 0f, 0f, 0f, 1f, 0f, 0.75f, 0f, 0.25f);
        assertThat(data.labels()).containsExactly(1, -1, 0, 0);
    }

    @Test
    void rejectsNodeLinesWithTheWrongColumnCount() {
        assertNodesError(
                "0\t1\t0:1\n1\t0\n",
                "line 2: expected 3 tab-separated columns " + "(node, label, features), got 2");
        assertNodesError(
                "0\t1\t0:1\n\n",
                "line 2: expected 3 tab-separated columns "
                        + "(node, label, features), got an empty line");
        assertNodesError("0\t1\t0:1\textra\n", "line 1: expected 3 tab-separated columns");
    }

    @Test
    void rejectsNonIntegerIdsAndLabels() {
        assertNodesError("0\t1\t0:1\nx1\t0\t1:1\n", "line 2: node id 'x1' is not an integer");
        assertNodesError("0\tcat\t0:1\n", "line 1: label 'cat' is not an integer");
    }

    @Test
    void rejectsBadFeaturePairs() {
        assertNodesError("0\t0\t0:1 3\n", "line 1: feature '3' is not an index:value pair");
        assertNodesError("0\t0\t0:1:2\n", "line 1: feature '0:1:2' is not an index:value pair");
        assertNodesError("0\t0\t2:\n", "line 1: feature '2:' is not an index:value pair");
        assertNodesError("0\t0\ta:1\n", "line 1: feature index 'a' is not an integer");
        assertNodesError("0\t0\t1:one\n", "line 1: feature value 'one' in '1:one' is not a number");
    }

    @Test
    void rejectsNonFiniteFeatureValues() {
        assertNodesError("0\t0\t1:NaN\n", "line 1: feature value 'NaN' in '1:NaN' is not a finite");
        assertNodesError(
                "0\t0\t1:Infinity\n", "line 1: feature value 'Infinity' in '1:Infinity' is not a");
    }

    @Test
    void rejectsInconsistentFeatureIndices() {
        assertNodesError("0\t0\t-1:1\n", "line 1: feature index -1 in '-1:1' is outside 0..");
        assertNodesError("0\t0\t3:1 1:1 3:2\n", "line 1: feature index 3 appears more than once");
        assertNodesError("0\t0\t\n1\t1\t\n", "no node has a feature, so the feature count is");
    }

    @Test
    void rejectsDuplicateAndOutOfRangeNodeIds() {
        assertNodesError(
                "0\t0\t0:1\n1\t1\t0:1\n0\t1\t1:1\n", "line 3: node 0 is already defined on line 1");
        assertNodesError(
                "0\t0\t0:1\n5\t1\t0:1\n",
                "line 2: node id 5 is outside 0..1: ids must number the file's 2 nodes from 0");
        assertNodesError("-1\t0\t0:1\n", "line 1: node id -1 is outside 0..0");
        assertNodesError("", "no nodes");
    }

    @Test
    void rejectsLabelsOutOfRange() {
        assertNodesError("0\t-2\t0:1\n", "line 1: label -2 is out of range");
        assertNodesError(
                "0\t0\t0:1\n1\t4\t0:1\n",
                "labels out of range: the largest label 4 implies 5 classes, but 3 of them have "
                        + "no node (1, 2, 3)");
        assertNodesError("0\t-1\t0:1\n", "no node has a label");
    }

    @Test
    void rejectsMalformedEdges() {
        assertEdgesError(
                "0\t1\n1\n", "line 2: expected 2 tab-separated columns (node, node), got 1");
        assertEdgesError("0\t1\n1\tb\n", "line 2: node id 'b' is not an integer");
    }

    @Test
    void rejectsEdgesToUnknownNodes() {
        assertEdgesError("0\t1\n3\t4\n", "line 2: unknown node 4: the nodes file has ids 0..3");
        assertEdgesError("-1\t0\n", "line 1: unknown node -1");
    }

    @Test
    void rejectsSelfLoopsAndRepeatedEdgesInEitherOrientation() {
        assertEdgesError("0\t1\n2\t2\n", "line 2: self loop on node 2");
        assertEdgesError(
                "0\t1\n2\t3\n1\t0\n",
                "line 3: edge 1-0 repeats the edge on line 1 (edges are undirected and listed "
                        + "once)");
        assertEdgesError("0\t1\n0\t1\n", "line 2: edge 0-1 repeats the edge on line 1");
    }

    @Test
    void rejectsBadSplitLines() {
        assertSplitError(
                "0\ttrain\n1\ttraining\n",
                "line 2: unknown split 'training': expected train, val or test");
        assertSplitError("0\ttrain\n9\ttest\n", "line 2: unknown node 9");
        assertSplitError(
                "0\ttrain\n3\tval\n0\ttest\n", "line 3: node 0 is already in train on line 1");
        assertSplitError(
                "1\ttest\n", "line 1: node 1 is in test but has no label in the nodes file");
        assertSplitError(
                "0 train\n", "line 1: expected 2 tab-separated columns (node, split), got 1");
    }

    private GraphDataset load(String nodes, String edges, String split) throws IOException {
        Files.writeString(dir.resolve(GraphDatasetLoader.NODES_FILE), nodes);
        Files.writeString(dir.resolve(GraphDatasetLoader.EDGES_FILE), edges);
        Files.writeString(dir.resolve(GraphDatasetLoader.SPLIT_FILE), split);
        return GraphDatasetLoader.load(dir);
    }

    private void assertNodesError(String nodes, String message) {
        assertError(nodes, "", "", GraphDatasetLoader.NODES_FILE, message);
    }

    private void assertEdgesError(String edges, String message) {
        assertError(NODES, edges, "", GraphDatasetLoader.EDGES_FILE, message);
    }

    private void assertSplitError(String split, String message) {
        assertError(NODES, EDGES, split, GraphDatasetLoader.SPLIT_FILE, message);
    }

    private void assertError(
            String nodes, String edges, String split, String file, String message) {
        assertThatThrownBy(() -> load(nodes, edges, split))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve(file) + ": ")
                .hasMessageContaining(message);
    }
}
