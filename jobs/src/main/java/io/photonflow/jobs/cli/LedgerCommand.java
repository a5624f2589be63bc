package io.photonflow.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.photonflow.jobs.bench.ClusterTrafficMeter;
import io.photonflow.jobs.bench.CommunicationLedger;
import io.photonflow.jobs.bench.LocalTrafficMeter;
import io.photonflow.jobs.bench.TrafficMeter;
import io.photonflow.jobs.cluster.ClusterAddress;
import io.photonflow.jobs.cluster.FlinkRestClient;
import io.photonflow.jobs.cluster.JobJar;
import io.photonflow.math.Algorithm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code photonflow ledger}: the bytes a training step sends over the network under BP and DFA at
 * several numbers of shards ({@link CommunicationLedger}).
 */
@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the bytes one training step sends between TaskManagers, forward (activations)"
                    + " and backward (learning signals), under BP and DFA with the hidden layers"
                    + " split into each of --shards column shards: the job runs on a local"
                    + " cluster of TaskManagers of one slot each with runtime.placement=per-layer,"
                    + " and Flink's own counters of the bytes each task received from other"
                    + " TaskManagers are printed next to the count from the layer shapes.",
            "With --cluster, each run is submitted to that standalone cluster instead (start it"
                    + " with one slot per TaskManager and at least as many TaskManagers as the"
                    + " widest run needs), and the counters are read over its REST API.",
            "The ledger sets data.train-limit=12800, data.test-limit=128, training.epochs=1,"
                    + " optimizer.schedule=constant, checkpointing.enabled=false and"
                    + " output.directory=runs/ledger; KEY=VALUE overrides win over these."
        })
final class LedgerCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Option(
            names = "--shards",
            paramLabel = "P[,P]",
            split = ",",
            defaultValue = "1,2,4",
            description = "Shards of every hidden layer, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> shards;

    @Option(
            names = "--algorithms",
            paramLabel = "A[,A]",
            split = ",",
            defaultValue = "bp,dfa",
            description = "Algorithms, one run each per --shards (default: ${DEFAULT-VALUE}).")
    List<String> algorithms;

    @Option(names = "--json", description = "Print one JSON array of every run instead.")
    boolean json;

    @Option(
            names = "--cluster",
            paramLabel = "URL",
            description =
                    "REST address of a standalone Flink cluster to run on (default: a local"
                            + " cluster in this process).")
    String cluster;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description = "With --cluster: the job jar (default: the one this tree built).")
    Path jar;

    @Override
    public Integer call() {
        try {
            List<Algorithm> chosen =
                    algorithms.stream()
                            .map(name -> Algorithm.valueOf(name.strip().toUpperCase(Locale.ROOT)))
                            .toList();
            PrintStream stdout = System.out;
            List<CommunicationLedger.Row> rows;
            if (json) {
                System.setOut(System.err);
            }
            try (ClusterTrafficMeter remote = clusterMeter()) {
                TrafficMeter meter = remote != null ? remote : new LocalTrafficMeter();
                rows =
                        new CommunicationLedger(
                                        options.config, options.overrides, meter, System.out)
                                .run(chosen, shards);
            } finally {
                System.setOut(stdout);
            }
            if (json) {
                stdout.println(
                        new ObjectMapper()
                                .enable(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(rows));
            } else {
                CommunicationLedger.print(rows, stdout);
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    /** The meter of the cluster at --cluster; null without it. */
    private ClusterTrafficMeter clusterMeter() throws Exception {
        if (cluster == null) {
            return null;
        }
        return new ClusterTrafficMeter(
                new FlinkRestClient(ClusterAddress.resolve(cluster, System.getenv())),
                jar != null ? jar : JobJar.find(Path.of("")));
    }
}
