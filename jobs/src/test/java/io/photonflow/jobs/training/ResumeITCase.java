package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming ({@code train --from} an epoch's snapshot of a run of the same configuration): a 3-epoch
 * run stopped during its second epoch (cancelled, as Ctrl-C stops the local cluster) and resumed
 * from its epoch-1 snapshot ends with the weights of the uninterrupted run, bit for bit, at
 * staleness 1 with Adam; the reference trainer resumed from the same snapshot ends there too.
 */
class ResumeITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    /** 100 steps an epoch: the stopped run is well inside its second epoch when it is stopped. */
    private static final String[] RUN = {"training.epochs=3", "training.batch-size=20"};

    @Test
    void aStoppedRunResumedFromAnEpochSnapshotEndsWithTheUninterruptedWeights(@TempDir Path out)
            throws Exception {
        JobConfig whole = TestJobs.small(out.resolve("whole"), RUN);
        TestJobs.runDataflow(whole);
        ModelSnapshot uninterrupted = TestJobs.model(whole);

        JobConfig stopped = TestJobs.small(out.resolve("stopped"), RUN);
        Path epoch1 = ModelSnapshotSink.epochFile(stopped.output().path(), 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, stopped);
        TrainingJob.plan(stopped).addTo(env);
        JobClient client = env.executeAsync(stopped.name());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.exists(epoch1) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        client.cancel().get();
        while (!client.getJobStatus().get().isGloballyTerminalState()) {
            Thread.sleep(10);
        }
        assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.CANCELED);
        ModelSnapshot snapshot = ModelSnapshots.read(epoch1);
        assertThat(snapshot.getEpoch()).isEqualTo(1);
        assertThat(snapshot.getOptimizerState()).as("optimizer state of every layer").hasSize(3);
        assertThat(Files.exists(ModelSnapshotSink.epochFile(stopped.output().path(), 3)))
                .as("the first run stopped before its end")
                .isFalse();

        JobConfig resumed =
                TestJobs.small(out.resolve("stopped"), concat(RUN, "initial-model=" + epoch1));
        assertThat(resumed.startingPoint().epoch()).isEqualTo(1);
        TestJobs.runDataflow(resumed);
        ModelSnapshot model = TestJobs.model(resumed);
        assertThat(model.getStep()).isEqualTo(uninterrupted.getStep());
        assertThat(model.getEpoch()).isEqualTo(3);
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(model), ModelSnapshots.weights(uninterrupted));
        assertThat(RunSummary.read(resumed.output().path(), 0).trainingExamples())
                .as("examples trained by the resumed run: epochs 2 and 3")
                .isEqualTo(2L * TestJobs.SMALL_TRAIN);

        ReferenceTrainer.Result reference = TestJobs.runReference(resumed);
        assertThat(reference.steps()).isEqualTo(uninterrupted.getStep());
        TestJobs.assertBitIdentical(reference.weights(), ModelSnapshots.weights(uninterrupted));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
