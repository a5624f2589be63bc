package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.ShardFile;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.inference.ModelFile;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Layers split into column shards ({@code runtime.shards}): Layer_l and Update_l run one subtask
 * per shard, each with its own feedback loop, and the dataflow still computes bit for bit the
 * weights of the reference trainer split the same way, under DFA (each shard learns from its block
 * of the projection) and BP (each shard's part of delta W^T split for the shards below, which add
 * the parts up in shard order).
 */
class ShardedDataflowITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @ParameterizedTest(name = "{0}, shards {1}, {2} projection (at the shards: {3}), staleness {4}")
    @CsvSource({
        "dfa, 2, gaussian, false, 0",
        "dfa, 2, gaussian, true, 0",
        "dfa, 4, gaussian, true, 1",
        "dfa, 1, gaussian, true, 1",
        "dfa, '[3,2]', gaussian, false, 2",
        "dfa, 2, structured, false, 1",
        "bp, 2, gaussian, false, 0",
        "bp, 4, gaussian, false, 1",
        "bp, '[3,2]', gaussian, false, 1",
        "bp, '[1,3]', gaussian, false, 0",
    })
    void shardedDataflowEqualsTheShardedReferenceTrainerBitForBit(
            String algorithm,
            String shards,
            String projection,
            boolean atShards,
            int staleness,
            @TempDir Path out)
            throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "algorithm=" + algorithm,
                        "runtime.shards=" + shards,
                        "projection.kind=" + projection,
                        "projection.at-shards=" + atShards,
                        "training.staleness=" + staleness);

        TestJobs.runDataflow(config);
        ReferenceTrainer.Result reference = TestJobs.runReference(config);

        ModelSnapshot model = TestJobs.model(config);
        assertThat(model.getStep()).isEqualTo(reference.steps()).isEqualTo(2 * 20);
        assertThat(model.getOptimizerState()).hasSize(3);
        TestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());
        RunSummary summary = RunSummary.read(config.output().path(), 1);
        assertThat(summary.epochs().get(1).getAccuracy())
                .isEqualTo(reference.epochs().get(1).testAccuracy())
                .isGreaterThan(0.6);
    }

    @Test
    void splitLayersReachTheModelFileAsShardFilesTheirUpdateTasksWrote(@TempDir Path out)
            throws Exception {
        JobConfig config = TestJobs.small(out, "algorithm=bp", "runtime.shards=[3,2]");
        TestJobs.runDataflow(config);
        Path file = config.output().path().resolve(ModelSnapshotSink.LATEST);

        ModelSnapshot manifest = ModelSnapshots.readRecord(file);
        assertThat(manifest.getShardFiles())
                .extracting(entry -> entry.getLayer() + "/" + entry.getShard())
                .containsExactly("0/0", "0/1", "0/2", "1/0", "1/1");
        for (ShardFile entry : manifest.getShardFiles()) {
            assertThat(file.resolveSibling(entry.getFile())).isRegularFile();
        }
        assertThat(manifest.getParameters().get(0).getWeights()).isEmpty();
        assertThat(manifest.getParameters().get(2).getWeights()).as("whole").isNotEmpty();

        ModelSnapshot joined = ModelSnapshots.read(file);
        assertThat(joined.getShardFiles()).isNull();
        assertThat(joined.getOptimizerState().get(0).getWeightSlots())
                .allSatisfy(slot -> assertThat(slot).hasSize(784 * 256));
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(ModelFile.read(file).snapshot()),
                ModelSnapshots.weights(joined));
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(joined), TestJobs.runReference(config).weights());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dfa", "bp"})
    void aSplitRunResumedFromAnEpochSnapshotEndsWithTheUninterruptedWeights(
            String algorithm, @TempDir Path out) throws Exception {
        String[] run = {
            "algorithm=" + algorithm,
            "runtime.shards=[3,2]",
            "training.epochs=2",
            "training.staleness=1"
        };
        JobConfig whole = TestJobs.small(out, run);
        TestJobs.runDataflow(whole);
        ModelSnapshot uninterrupted = TestJobs.model(whole);
        Path epoch1 = ModelSnapshotSink.epochFile(whole.output().path(), 1);

        String[] from = Arrays.copyOf(run, run.length + 1);
        from[run.length] = "initial-model=" + epoch1;
        JobConfig resumed = TestJobs.small(out, from);
        assertThat(resumed.startingPoint().epoch()).isEqualTo(1);
        TestJobs.runDataflow(resumed);

        ModelSnapshot model = TestJobs.model(resumed);
        assertThat(model.getStep()).isEqualTo(uninterrupted.getStep()).isEqualTo(2 * 20);
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(model), ModelSnapshots.weights(uninterrupted));
        assertThat(model.getOptimizerState()).isEqualTo(uninterrupted.getOptimizerState());
        TestJobs.assertBitIdentical(
                TestJobs.runReference(resumed).weights(), ModelSnapshots.weights(uninterrupted));
    }

    @Test
    void eachShardIsASubtaskOfItsLayersUpdatesAndProjectionsVertex(@TempDir Path out)
            throws Exception {
        JobConfig config = TestJobs.small(out, "runtime.shards=[3,2]", "projection.at-shards=true");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, config);
        TrainingJob.plan(config).addTo(env);

        JobGraph graph = env.getStreamGraph().getJobGraph();
        List<String> vertices =
                Arrays.stream(graph.getVerticesAsArray())
                        .map(vertex -> vertex.getName() + "/" + vertex.getParallelism())
                        .toList();

        assertThat(vertices)
                .anyMatch(v -> v.contains(OperatorIds.layer(0)) && v.endsWith("/3"))
                .anyMatch(v -> v.contains(OperatorIds.update(0)) && v.endsWith("/3"))
                .anyMatch(v -> v.contains(OperatorIds.layer(1)) && v.endsWith("/2"))
                .anyMatch(v -> v.contains(OperatorIds.update(1)) && v.endsWith("/2"))
                .anyMatch(v -> v.contains(OperatorIds.layer(2)) && v.endsWith("/1"))
                .as("Gaussian projections at the shards, none for all")
                .anyMatch(v -> v.contains(OperatorIds.projection(0)) && v.endsWith("/3"))
                .anyMatch(v -> v.contains(OperatorIds.projection(1)) && v.endsWith("/2"))
                .noneMatch(v -> v.matches(".*\\b" + OperatorIds.PROJECTION + "\\b(?!-).*"));
    }
}
