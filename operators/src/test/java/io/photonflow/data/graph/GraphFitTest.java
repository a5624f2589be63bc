package io.photonflow.data.graph;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphFitTest {

    private static final String NODES = "0\t1\t0:1 2:0.5\n1\t0\t1:2\n2\t0\t2:1\n";
    private static final String EDGES = "0\t1\n1\t2\n";
    private static final String SPLIT = "0\ttrain\n1\tval\n2\ttest\n";

    @TempDir Path dir;

    @Test
    void aGraphWithNodesInEverySplitThatFitsTheNetworkPasses() throws IOException {
        assertThatCode(() -> GraphFit.check(dir, write(NODES, SPLIT), 3, 2))
                .doesNotThrowAnyException();
        // Narrower than the network: the caller's decision.
        assertThatCode(() -> GraphFit.check(dir, write(NODES, SPLIT), 5, 4))
                .doesNotThrowAnyException();
    }

    @Test
    void anEmptyValidationOrTestSplitIsRefusedNamingTheSplitFile() throws IOException {
        GraphDataset noValidation = write(NODES, "0\ttrain\n2\ttest\n");
        assertThatThrownBy(() -> GraphFit.check(dir, noValidation, 3, 2))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        dir.resolve("split.tsv")
                                + ": no val nodes: training needs nodes of each of train, val and"
                                + " test");
        GraphDataset noTest = write(NODES, "0\ttrain\n1\tval\n");
        assertThatThrownBy(() -> GraphFit.check(dir, noTest, 3, 2))
                .hasMessageContaining("split.tsv: no test nodes");
    }

    @Test
    void aFeatureIndexOrLabelBeyondTheNetworkIsNamedWithItsLine() throws IOException {
        GraphDataset typo = write(NODES + "3\t1\t0:1 1433:1\n", SPLIT);
        assertThatThrownBy(() -> GraphFit.check(dir, typo, 3, 2))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        dir.resolve("nodes.tsv")
                                + ": line 4: feature index 1433 in '1433:1' is outside the"
                                + " network's 3 inputs (0..2)");
        GraphDataset label = write("0\t2\t0:1\n1\t0\t1:1\n2\t1\t2:1\n", SPLIT);
        assertThatThrownBy(() -> GraphFit.check(dir, label, 3, 2))
                .hasMessage(
                        dir.resolve("nodes.tsv")
                                + ": line 1: label 2 is outside the network's 2 classes (0..1)");
    }

    private GraphDataset write(String nodes, String split) throws IOException {
        Files.writeString(dir.resolve("nodes.tsv"), nodes);
        Files.writeString(dir.resolve("edges.tsv"), EDGES);
        Files.writeString(dir.resolve("split.tsv"), split);
        return GraphDatasetLoader.load(dir);
    }
}
