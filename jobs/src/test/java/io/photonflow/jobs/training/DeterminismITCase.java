package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The system's main correctness property: the dataflow, with its operators on separate threads and
 * its feedback loops, computes bit for bit the weights of the single-threaded reference trainer,
 * for any staleness. Dense networks train on the synthetic data every test makes ({@link
 * SyntheticExamples}), so this runs everywhere; the graph case needs the shared data sets.
 */
class DeterminismITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    /**
     * On the synthetic data of {@link TestJobs#small}. The last column is a floor on the test
     * accuracy after 2 epochs that shows learning (chance: 0.1), about 0.1 below what the reference
     * trainer reaches (DFA, Gaussian: 0.77 at staleness 0, 0.71 at staleness 2; structured: 0.73;
     * the OPU's ternarized error learns more slowly in these 40 steps: 0.59; BP separates the
     * classes completely: 1.0).
     */
    @ParameterizedTest(name = "{0} ({1} projection), staleness {2}")
    @CsvSource({
        "dfa, gaussian, 0, 0.65",
        "dfa, gaussian, 2, 0.6",
        "dfa, opu, 1, 0.45",
        "dfa, structured, 1, 0.6",
        "bp, gaussian, 0, 0.95",
        "bp, gaussian, 1, 0.95"
    })
    void dataflowWeightsEqualTheReferenceTrainersBitForBit(
            String algorithm, String projection, int staleness, double learned, @TempDir Path out)
            throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "algorithm=" + algorithm,
                        "projection.kind=" + projection,
                        "training.staleness=" + staleness);

        TestJobs.runDataflow(config);
        ReferenceTrainer.Result reference = TestJobs.runReference(config);

        ModelSnapshot model = TestJobs.model(config);
        assertThat(model.getStep()).isEqualTo(reference.steps()).isEqualTo(2 * 20);
        assertThat(model.getEpoch()).isEqualTo(2);
        TestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());
        RunSummary summary = RunSummary.read(config.output().path(), 1);
        assertThat(summary.trainingExamples()).isEqualTo(2L * TestJobs.SMALL_TRAIN);
        assertThat(summary.epochs()).hasSize(2);
        for (int epoch = 0; epoch < 2; epoch++) {
            assertThat(summary.epochs().get(epoch).getAccuracy())
                    .as("test accuracy after epoch %d", epoch + 1)
                    .isEqualTo(reference.epochs().get(epoch).testAccuracy());
            assertThat(summary.epochs().get(epoch).getLoss())
                    .as("test loss after epoch %d", epoch + 1)
                    .isEqualTo(reference.epochs().get(epoch).testLoss());
        }
        assertThat(reference.epochs().get(1).testAccuracy())
                .as("learned something")
                .isGreaterThan(learned);
    }

    /**
     * Graph convolutions, full-batch with dropout: the dataflow's weights and its test accuracy
     * after every epoch equal the graph reference trainer's, for BP, DFA and optical DFA.
     */
    @ParameterizedTest(name = "cora gcn {0}")
    @CsvSource({"bp", "dfa", "opu"})
    void graphDataflowEqualsTheGraphReferenceTrainerBitForBit(String variant, @TempDir Path out)
            throws Exception {
        JobConfig config = TestJobs.graph(out, "cora", variant, "training.epochs=15");

        TestJobs.runDataflow(config);
        ReferenceTrainer.Result reference = TestJobs.runReference(config);

        ModelSnapshot model = TestJobs.model(config);
        assertThat(model.getStep()).isEqualTo(15);
        TestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());
        RunSummary summary = RunSummary.read(config.output().path(), 1);
        assertThat(summary.epochs()).hasSize(15);
        for (int epoch = 0; epoch < 15; epoch++) {
            assertThat(summary.epochs().get(epoch).getAccuracy())
                    .as("test accuracy after epoch %d", epoch + 1)
                    .isEqualTo(reference.epochs().get(epoch).testAccuracy());
            assertThat(summary.validation().get(epoch).getAccuracy())
                    .as("validation accuracy after epoch %d", epoch + 1)
                    .isEqualTo(reference.epochs().get(epoch).validationAccuracy());
        }
        assertThat(reference.epochs().get(14).trainLoss())
                .as("training loss fell")
                .isLessThan(reference.epochs().get(0).trainLoss());
    }

    @Test
    void layerAndUpdateOperatorsRunAsSeparateTasks(@TempDir Path out) throws Exception {
        JobConfig config = TestJobs.small(out);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, config);
        TrainingJob.plan(config).addTo(env);
        JobGraph graph = env.getStreamGraph().getJobGraph();

        List<String> tasks =
                Arrays.stream(graph.getVerticesAsArray()).map(JobVertex::getName).toList();
        for (int l = 0; l < config.network().depth(); l++) {
            String layer = OperatorIds.layer(l);
            String update = OperatorIds.update(l);
            assertThat(tasks).anyMatch(task -> task.contains(layer));
            assertThat(tasks).anyMatch(task -> task.contains(update));
            assertThat(tasks)
                    .as("layer %d and its update in one task", l)
                    .noneMatch(task -> task.contains(layer) && task.contains(update));
        }
    }
}
