package io.photonflow.data.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.data.TestDataSets;
import io.photonflow.data.graph.GraphDataset.Split;
import io.photonflow.math.SoftmaxCrossEntropy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the real Cora and CiteSeer from the shared data sets ({@link TestDataSets#planetoid}) and
 * checks the counts of their README; skipped where they are missing, failed under CI.
 */
class PlanetoidTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "cora, 2708, 1433, 7, 5278, 140, 500, 1000, 0",
        "citeseer, 3327, 3703, 6, 4552, 120, 500, 1000, 15"
    })
    void matchesThePublishedCounts(
            String name,
            int nodes,
            int features,
            int classes,
            int edges,
            int train,
            int validation,
            int test,
            int unlabelled)
            throws IOException {
        Path directory = TestDataSets.planetoid(name);

        GraphDataset data = GraphDatasetLoader.load(directory);

        assertThat(data.nodeCount()).isEqualTo(nodes);
        assertThat(data.featureCount()).isEqualTo(features);
        assertThat(data.classCount()).isEqualTo(classes);
        assertThat(data.edgeCount()).isEqualTo(edges);
        assertThat(data.nodes(Split.TRAIN)).hasSize(train);
        assertThat(data.nodes(Split.VAL)).hasSize(validation);
        assertThat(data.nodes(Split.TEST)).hasSize(test);
        assertThat(IntStream.of(data.labels()).filter(l -> l == SoftmaxCrossEntropy.UNLABELLED))
                .hasSize(unlabelled);
        // The public Planetoid split: 20 training nodes per class.
        int[] trainLabels = data.labelsOf(Split.TRAIN);
        for (int c = 0; c < classes; c++) {
            int label = c;
            assertThat(IntStream.of(trainLabels).filter(l -> l == label)).hasSize(20);
        }
    }
}
