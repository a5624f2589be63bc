package io.photonflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.jobs.bench.ClusterTrafficMeter;
import io.photonflow.jobs.bench.CommunicationLedger;
import io.photonflow.jobs.training.ClusterTestJobs;
import io.photonflow.math.Algorithm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The communication ledger on a real standalone cluster of one-slot TaskManagers, read over REST:
 * with both hidden layers split in two, the bytes Flink counted into the layers and the updates
 * match the count from the shapes; DFA's backward bytes are e once per shard, BP's the width of
 * every layer below, and the forward bytes are the same for both.
 */
@Tag("slow")
class ClusterLedgerITCase {

    /** Framing of the records, and a refresh of the JobManager's metric store between readings. */
    private static final double TOLERANCE = 0.08;

    /** Two shards per hidden layer, per-layer placement: 2 + 2 + 1 + 1 slots. */
    private static final int TASK_MANAGERS = 6;

    private static StandaloneCluster cluster;

    @RegisterExtension
    static final TestWatcher CLUSTER_LOGS_ON_FAILURE =
            StandaloneCluster.logsOnFailure(() -> cluster);

    @BeforeAll
    static void startCluster() throws Exception {
        ClusterTestJobs.requireFashionMnist();
        Path runDir = Path.of("target/cluster-ledger-it").toAbsolutePath();
        StandaloneClusterITCase.deleteRecursively(runDir);
        cluster =
                StandaloneCluster.start(
                        runDir,
                        TASK_MANAGERS,
                        1,
                        List.of(
                                "metrics.fetcher.update-interval=500",
                                "taskmanager.memory.process.size=1400m",
                                "taskmanager.memory.task.off-heap.size=384m"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void measuredBytesMatchTheShapesAndDfaSendsEOncePerShard() throws Exception {
        List<CommunicationLedger.Row> rows;
        try (ClusterTrafficMeter meter =
                new ClusterTrafficMeter(cluster.rest(), cluster.jobJar())) {
            rows =
                    new CommunicationLedger(
                                    null,
                                    List.of(
                                            "network.hidden=[128,64]",
                                            "training.batch-size=50",
                                            "data.train-limit=9000",
                                            "data.test-limit=100",
                                            "output.directory=target/cluster-ledger-it/output"),
                                    meter,
                                    new PrintStream(System.out, true))
                            .run(List.of(Algorithm.BP, Algorithm.DFA), List.of(2));
        }
        CommunicationLedger.print(rows, System.out);

        for (CommunicationLedger.Row row : rows) {
            assertThat(row.taskManagers()).isEqualTo(TASK_MANAGERS);
            assertThat(row.steps()).as("steps between the readings").isGreaterThan(20);
            assertThat(row.forward())
                    .as("%s forward", row.algorithm())
                    .isCloseTo(row.forwardModel(), within(TOLERANCE * row.forwardModel()));
            assertThat(row.backward())
                    .as("%s backward", row.algorithm())
                    .isCloseTo(row.backwardModel(), within(TOLERANCE * row.backwardModel()));
        }
        CommunicationLedger.Row bp = rows.get(0);
        CommunicationLedger.Row dfa = rows.get(1);
        assertThat(dfa.forwardModel()).isEqualTo(bp.forwardModel());
        // DFA: e (50 x 10 floats) to each of the 4 hidden shards' projections. BP: the classifier's
        // delta W^T (50 x 64 floats) and each of layer 1's two shards' (50 x 128) down the chain.
        assertThat(dfa.backwardModel()).isLessThan(bp.backwardModel() / 5);
    }
}
