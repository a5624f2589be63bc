package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.data.TestDataSets;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * Small real training jobs for tests, on the test's mini-cluster: on {@link SyntheticExamples},
 * which every test makes itself, or on the real data sets where a test is about them.
 */
final class TestJobs {

    /** Training examples of {@link #small}. */
    static final int SMALL_TRAIN = 2000;

    /** Test examples of {@link #small}. */
    static final int SMALL_TEST = 500;

    private TestJobs() {}

    /**
     * The Fashion-MNIST folder; the test is skipped where it is missing, or fails under CI ({@link
     * TestDataSets#fashionMnist}).
     */
    static Path fashionMnist() {
        return TestDataSets.fashionMnist();
    }

    /**
     * A small job: {@value #SMALL_TRAIN} training and {@value #SMALL_TEST} test examples of {@link
     * SyntheticExamples}, written into {@code out/data}, a 784-256-128-10 tanh network trained with
     * DFA for 2 epochs of batches of 100 (40 steps), output into {@code out}; {@code overrides}
     * come last. (DFA needs width: narrower networks barely leave chance level within so few
     * steps.)
     */
    static JobConfig small(Path out, String... overrides) throws Exception {
        return new ConfigLoader().load(null, smallOverrides(out, overrides));
    }

    /** The {@code key=value} arguments of {@link #small}, its data written: for a child JVM. */
    static List<String> smallOverrides(Path out, String... overrides) throws Exception {
        SyntheticExamples.Splits data =
                SyntheticExamples.write(out.resolve("data"), SMALL_TRAIN, SMALL_TEST);
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "data.train={avro: " + data.train() + "}",
                                "data.test={avro: " + data.test() + "}",
                                "network.hidden=[256,128]",
                                "optimizer.schedule=constant",
                                "training.epochs=2",
                                "training.batch-size=100",
                                "training.eval-batch-size=250",
                                "optimizer.learning-rate=0.001",
                                "checkpointing.enabled=false",
                                "checkpointing.directory=" + out.resolve("checkpoints"),
                                "runtime.web-ui-port=0",
                                "runtime.feedback-timeout=2 min",
                                "output.directory=" + out.resolve("output")));
        all.addAll(List.of(overrides));
        return all;
    }

    /**
     * A short GCN job from {@code conf/<graph>-gcn-<variant>.yaml}, the graph read from the shared
     * data sets (skipped where they are missing, failed under CI: {@link TestDataSets#planetoid}),
     * output into {@code out}; {@code overrides} come last.
     */
    static JobConfig graph(Path out, String graph, String variant, String... overrides)
            throws Exception {
        Path directory = TestDataSets.planetoid(graph);
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "data.graph=" + directory,
                                "checkpointing.directory=" + out.resolve("checkpoints"),
                                "runtime.web-ui-port=0",
                                "runtime.feedback-timeout=2 min",
                                "output.directory=" + out.resolve("output")));
        all.addAll(List.of(overrides));
        Path file = Path.of("../conf").resolve(graph + "-gcn-" + variant + ".yaml");
        return new ConfigLoader().load(file, all);
    }

    /**
     * The mini-cluster of a test class that reads job metrics: one TaskManager with one slot, the
     * metrics going to {@code reporter}.
     */
    static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        return miniCluster(reporter, 1);
    }

    /**
     * The mini-cluster of a test class that reads job metrics: one TaskManager with {@code slots}
     * slots (a job whose layers are split into shards needs one per shard), the metrics going to
     * {@code reporter}.
     */
    static MiniClusterExtension miniCluster(InMemoryReporter reporter, int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(reporter.addToConfiguration(new Configuration()))
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    /** Runs {@code config} as a dataflow on the mini-cluster behind the test environment. */
    static JobExecutionResult runDataflow(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, config);
        return TrainingJob.plan(config).execute(env);
    }

    /** Trains {@code config} with the single-threaded reference trainer. */
    static ReferenceTrainer.Result runReference(JobConfig config) throws Exception {
        return runReference(config, 0);
    }

    /**
     * Trains {@code config} with the single-threaded reference trainer, measuring the alignment of
     * every hidden layer's DFA update every {@code alignmentEvery} steps (0: never).
     */
    static ReferenceTrainer.Result runReference(JobConfig config, long alignmentEvery)
            throws Exception {
        return ReferenceRun.train(config, alignmentEvery);
    }

    /** The final model the dataflow wrote. */
    static ModelSnapshot model(JobConfig config) throws Exception {
        return ModelSnapshots.read(config.output().path().resolve(ModelSnapshotSink.LATEST));
    }

    /** Asserts that two sets of layer weights are equal bit for bit. */
    static void assertBitIdentical(List<LayerWeights> actual, List<LayerWeights> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int l = 0; l < expected.size(); l++) {
            assertThat(bits(NdArrays.toFloats(actual.get(l).weights())))
                    .as("weights of layer %d", l)
                    .containsExactly(bits(NdArrays.toFloats(expected.get(l).weights())));
            assertThat(bits(NdArrays.toFloats(actual.get(l).bias())))
                    .as("bias of layer %d", l)
                    .containsExactly(bits(NdArrays.toFloats(expected.get(l).bias())));
        }
    }

    /**
     * Sums the counters named {@code name} that {@code reporter} saw in job {@code job}, over all
     * operators and all execution attempts.
     */
    static long counterSum(InMemoryReporter reporter, JobID job, String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                reporter.getMetricsByGroup().entrySet()) {
            if (job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))
                    && group.getValue().get(name) instanceof Counter counter) {
                sum += counter.getCount();
            }
        }
        return sum;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
