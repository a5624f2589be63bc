package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failure in the middle of training makes Flink restore the last checkpoint, feedback logs
 * included, and the run still ends with the uninterrupted run's weights, bit for bit.
 */
class RecoveryITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @ParameterizedTest(name = "staleness {0}")
    @ValueSource(ints = {0, 2})
    void recoversBitIdenticalAfterInjectedFailure(
            int staleness, @TempDir Path out, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "training.staleness=" + staleness,
                        "training.batch-size=50",
                        "training.epochs=3",
                        "checkpointing.enabled=true",
                        "checkpointing.interval=100 ms",
                        "faults.fail-after-step=60");

        JobExecutionResult result = TestJobs.runDataflow(config);
        ReferenceTrainer.Result uninterrupted = TestJobs.runReference(config);

        assertThat(restarts(cluster, result))
                .as("restarts after the injected failure")
                .isPositive();
        assertThat(TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.FEEDBACK_REPLAYED))
                .as("weight versions in flight at the checkpoint, replayed from feedback logs")
                .isPositive();
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(TestJobs.model(config)), uninterrupted.weights());
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
