package io.photonflow.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.data.TestDataSets;
import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphDatasetLoader;
import io.photonflow.math.Algorithm;
import io.photonflow.math.NativeThreads;
import io.photonflow.math.projection.OpuSettings;
import io.photonflow.math.projection.ProjectionSpec;
import io.photonflow.math.sparse.CsrMatrix;
import io.photonflow.model.Seeds;
import io.photonflow.model.TrainingSetup;
import io.photonflow.training.ReferenceTrainer.Epoch;
import io.photonflow.training.ReferenceTrainer.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference trainer on graph convolutional networks: learning, determinism, model selection.
 */
class ReferenceTrainerGcnTest {

    private static final int SEEDS = 10;

    /** As a job runs by default (runtime.blas-threads 1): the numbers of the comparison table. */
    @BeforeAll
    static void oneBlasThread() {
        NativeThreads.configure(1);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void learnsTwoCommunitiesFromAFewLabelledNodes(Algorithm algorithm) {
        GcnSettings settings =
                new GcnSettings(16, 0.5, 0.01, 5e-4, 100, algorithm, new Seeds(1, 2, 3));

        Result result = train(settings, twoCommunities());

        assertThat(result.epochs()).hasSize(100);
        assertThat(result.epochs().get(99).trainLoss())
                .isLessThan(result.epochs().get(0).trainLoss());
        assertThat(result.testAccuracyAtBestValidation()).isGreaterThanOrEqualTo(0.9);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void theSameSettingsGiveTheSameRunBitForBit(Algorithm algorithm) {
        GcnSettings settings =
                new GcnSettings(8, 0.5, 0.01, 5e-4, 20, algorithm, new Seeds(4, 5, 6));
        GcnSettings otherMasks =
                new GcnSettings(8, 0.5, 0.01, 5e-4, 20, algorithm, new Seeds(7, 5, 6));

        List<Epoch> first = train(settings, twoCommunities()).epochs();
        List<Epoch> second = train(settings, twoCommunities()).epochs();
        List<Epoch> third = train(otherMasks, twoCommunities()).epochs();

        assertThat(second).isEqualTo(first);
        assertThat(third).isNotEqualTo(first);
    }

    @Test
    void theBestEpochHasTheHighestValidationAccuracyThenTheLowestLossThenComesFirst() {
        Result result =
                new Result(
                        List.of(),
                        List.of(
                                new Epoch(1, 0.9, 0.5, 1, 0.1),
                                new Epoch(1, 0.8, 0.7, 1, 0.2),
                                new Epoch(1, 0.6, 0.7, 1, 0.3),
                                new Epoch(1, 0.6, 0.7, 1, 0.4),
                                new Epoch(1, 0.5, 0.6, 1, 0.5)),
                        5,
                        0,
                        List.of());

        assertThat(result.bestEpoch()).isEqualTo(2);
        assertThat(result.testAccuracyAtBestValidation()).isEqualTo(0.3);
    }

    @Test
    void refusesAGraphWithoutTrainingNodes() {
        GraphDataset graph = twoCommunities();
        GraphDataset untrained =
                new GraphDataset(
                        graph.classCount(),
                        graph.features(),
                        graph.labels(),
                        graph.edges(),
                        new int[0],
                        graph.nodes(GraphDataset.Split.VAL),
                        graph.nodes(GraphDataset.Split.TEST));

        assertThatThrownBy(() -> train(GcnSettings.kipfWelling(Algorithm.BP, 1), untrained))
                .hasMessageContaining("no training nodes");
    }

    /**
     * Kipf and Welling's GCN on the Planetoid splits of Cora and CiteSeer over 10 seeds, test
     * accuracy taken at the best validation epoch, against floors just below the published BP
     * numbers (81.5% and 70.3%), the DFA targets, and for optical DFA (the simulated OPU with its
     * default settings) 1.5 points below the DFA targets. Minutes long; skipped where the shared
     * data sets are missing, failed under CI ({@link TestDataSets}).
     */
    @Tag("slow")
    @ParameterizedTest(name = "{0} {1} ({2})")
    @CsvSource({
        "cora, BP, GAUSSIAN, 0.805",
        "cora, DFA, GAUSSIAN, 0.785",
        "cora, DFA, OPU, 0.77",
        "citeseer, BP, GAUSSIAN, 0.695",
        "citeseer, DFA, GAUSSIAN, 0.67",
        "citeseer, DFA, OPU, 0.655"
    })
    void reachesThePublishedAccuracyOnPlanetoid(
            String name, Algorithm algorithm, ProjectionSpec.Kind projection, double floor)
            throws IOException {
        Path directory = TestDataSets.planetoid(name);
        GraphDataset data = GraphDatasetLoader.load(directory).withRowNormalizedFeatures();

        double[] accuracies = new double[SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
            GcnSettings settings = GcnSettings.kipfWelling(algorithm, seed);
            ProjectionSpec spec =
                    new ProjectionSpec(projection, OpuSettings.defaults().withNoiseSeed(seed));
            accuracies[seed] = gcn(settings.setup(data, spec), data).testAccuracyAtBestValidation();
        }
        double mean = mean(accuracies);
        System.out.printf(
                Locale.ROOT,
                "GCN %s %s (%s): test accuracy at the best validation epoch %.2f%% +- %.2f%% over"
                        + " %d seeds%n",
                name,
                algorithm,
                projection,
                100 * mean,
                100 * std(accuracies, mean),
                SEEDS);
        assertThat(mean).isGreaterThanOrEqualTo(floor);
    }

    /**
     * 40 nodes in two rings of 20 joined by two edges; each node has 3 of 10 bag-of-words features,
     * drawn mostly from its community's half. 4 training nodes per class.
     */
    private static GraphDataset twoCommunities() {
        SplittableRandom random = new SplittableRandom(17);
        int nodes = 40;
        int[] labels = new int[nodes];
        List<int[]> edges = new ArrayList<>();
        int[] pointers = new int[nodes + 1];
        List<Integer> columns = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            int community = node / 20;
            labels[node] = community;
            int next = community * 20 + (node + 1) % 20;
            edges.add(new int[] {node, next});
            boolean[] chosen = new boolean[10];
            for (int k = 0; k < 3; k++) {
                boolean own = random.nextDouble() < 0.8;
                chosen[(own ? community : 1 - community) * 5 + random.nextInt(5)] = true;
            }
            for (int feature = 0; feature < 10; feature++) {
                if (chosen[feature]) {
                    columns.add(feature);
                }
            }
            pointers[node + 1] = columns.size();
        }
        edges.add(new int[] {0, 20});
        edges.add(new int[] {10, 30});
        float[] values = new float[columns.size()];
        Arrays.fill(values, 1f);
        CsrMatrix features =
                new CsrMatrix(
                        nodes,
                        10,
                        pointers,
                        columns.stream().mapToInt(Integer::intValue).toArray(),
                        values);
        int[] train = {0, 5, 20, 25};
        int[] validation = {2, 7, 12, 17, 22, 27, 32, 37};
        int[] test =
                IntStream.range(0, nodes)
                        .filter(
                                n ->
                                        IntStream.concat(
                                                        IntStream.of(train),
                                                        IntStream.of(validation))
                                                .noneMatch(m -> m == n))
                        .toArray();
        return new GraphDataset(
                2,
                features.rowNormalized(),
                labels,
                edges.toArray(new int[0][]),
                train,
                validation,
                test);
    }

    private static Result train(GcnSettings settings, GraphDataset data) {
        ProjectionSpec gaussian =
                new ProjectionSpec(ProjectionSpec.Kind.GAUSSIAN, OpuSettings.defaults());
        return gcn(settings.setup(data, gaussian), data);
    }

    private static Result gcn(TrainingSetup setup, GraphDataset data) {
        return new ReferenceTrainer(
                        setup,
                        GraphLayers.of(data, setup.network().dropout(), setup.seeds().data()))
                .train(new GraphFeed(data));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Sample standard deviation. */
    private static double std(double[] values, double mean) {
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
