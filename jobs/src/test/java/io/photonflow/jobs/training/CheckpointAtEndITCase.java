package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A successful run has no checkpoint declined: with checkpoints every 100 ms, one was triggered
 * while the tasks that had run out of input were closing, nearly every run, and Flink logged the
 * decline ("task is closing", "unknown task") with a stack trace of about 110 lines.
 */
class CheckpointAtEndITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @RepeatedTest(5)
    void aSuccessfulRunWithFrequentCheckpointsDeclinesNone(
            @TempDir Path out, @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "training.epochs=1",
                        "checkpointing.enabled=true",
                        "checkpointing.interval=100 ms");

        JobExecutionResult result = TestJobs.runDataflow(config);

        CheckpointStatsSnapshot stats =
                cluster.getArchivedExecutionGraph(result.getJobID())
                        .get()
                        .getCheckpointStatsSnapshot();
        assertThat(stats.getCounts().getNumberOfCompletedCheckpoints())
                .as("completed")
                .isPositive();
        // Once a task has finished, a checkpoint due is skipped (one line at INFO), not declined.
        assertThat(stats.getHistory().getCheckpoints())
                .filteredOn(checkpoint -> checkpoint instanceof FailedCheckpointStats)
                .extracting(checkpoint -> ((FailedCheckpointStats) checkpoint).getFailureMessage())
                .noneSatisfy(message -> assertThat(message).contains("task is closing"))
                .noneSatisfy(message -> assertThat(message).contains("unknown task"));
    }
}
