package io.photonflow.jobs.cli;

import io.photonflow.jobs.cluster.ClusterAddress;
import io.photonflow.jobs.cluster.ClusterException;
import io.photonflow.jobs.cluster.FlinkRestClient;
import picocli.CommandLine.Option;

/** The option of every command that talks to a cluster: where its REST API is. */
final class ClusterOptions {

    @Option(
            names = "--cluster",
            paramLabel = "URL",
            description =
                    "REST address of the Flink cluster (default: $"
                            + ClusterAddress.ENVIRONMENT
                            + ", else "
                            + ClusterAddress.DEFAULT
                            + ").")
    String cluster;

    FlinkRestClient client() throws ClusterException {
        return new FlinkRestClient(ClusterAddress.resolve(cluster, System.getenv()));
    }
}
