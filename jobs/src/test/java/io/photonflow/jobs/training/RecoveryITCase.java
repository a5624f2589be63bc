package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A failure in the middle of training makes Flink restore the last checkpoint, feedback logs
 * included, and the run still ends with the uninterrupted run's weights, bit for bit.
 */
class RecoveryITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster(REPORTER, 3);

    /**
     * Within one epoch every checkpoint is cut right after a training minibatch passed a loop head;
     * the weight version it makes needs a round trip through the whole network (the first layer's,
     * all the way to the projection and back), so it is still in flight when the cut is taken and
     * must be replayed. Over several epochs the cut may fall just after an evaluation pass, with
     * nothing in flight; that run checks recovery across epoch ends and the weights. Layers split
     * into shards recover the same way, each shard from its own state and feedback log.
     */
    @ParameterizedTest(name = "{3}, shards {4}, staleness {0}, {1} epochs, failing after step {2}")
    @CsvSource({
        "0, 1, 50, dfa, 1",
        "2, 1, 50, dfa, 1",
        "1, 3, 100, dfa, 1",
        "1, 1, 50, dfa, 3",
        "1, 3, 100, dfa, '[3,2]'",
        "1, 1, 50, bp, '[2,3]'"
    })
    void recoversBitIdenticalAfterInjectedFailure(
            int staleness,
            int epochs,
            int failAfterStep,
            String algorithm,
            String shards,
            @TempDir Path out,
            @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "training.staleness=" + staleness,
                        "algorithm=" + algorithm,
                        "runtime.shards=" + shards,
                        // 200 steps in one epoch: enough for checkpoints to complete before the
                        // end even when steps take a millisecond.
                        "training.batch-size=" + (epochs == 1 ? 10 : 50),
                        "training.epochs=" + epochs,
                        "checkpointing.enabled=true",
                        "checkpointing.interval=50 ms",
                        "faults.fail-after-step=" + failAfterStep);

        JobExecutionResult result = TestJobs.runDataflow(config);
        ReferenceTrainer.Result uninterrupted = TestJobs.runReference(config);

        assertThat(restarts(cluster, result))
                .as("restarts after the injected failure")
                .isPositive();
        long replayed = TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.FEEDBACK_REPLAYED);
        if (epochs == 1) {
            assertThat(replayed)
                    .as("weight versions in flight at the checkpoint, replayed from feedback logs")
                    .isPositive();
        }
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(TestJobs.model(config)), uninterrupted.weights());
        assertThat(TestJobs.model(config).getStep()).isEqualTo(uninterrupted.steps());
    }

    private static int restarts(MiniCluster cluster, JobExecutionResult result) throws Exception {
        AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(result.getJobID()).get();
        int attempts = 0;
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            attempts = Math.max(attempts, vertex.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return attempts;
    }
}
