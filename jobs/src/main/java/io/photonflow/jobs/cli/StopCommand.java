package io.photonflow.jobs.cli;

import io.photonflow.jobs.cluster.ClusterException;
import io.photonflow.jobs.cluster.FlinkRestClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code photonflow stop}: stop-with-savepoint of a job on a Flink cluster. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description =
                "Stop a job on a Flink cluster with a savepoint, and print the savepoint's path "
                        + "(submit --from-savepoint PATH resumes it).")
final class StopCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Mixin JobIdParameter job;

    @Mixin ClusterOptions cluster;

    @Option(
            names = "--savepoint",
            paramLabel = "DIR",
            description =
                    "Where the savepoint goes: a folder every process of the cluster sees, or a"
                            + " URI (default: the cluster's execution.checkpointing.savepoint-dir).")
    String directory;

    @Override
    public Integer call() {
        String jobId = job.required();
        try {
            FlinkRestClient rest = cluster.client();
            String state = rest.state(jobId);
            if (FlinkRestClient.TERMINAL.contains(state)) {
                throw new ClusterException(
                        "job " + jobId + " is " + state + " already: there is nothing to stop");
            }
            String savepoint = rest.stopWithSavepoint(jobId, target(), TIMEOUT);
            rest.awaitTermination(jobId, TIMEOUT);
            System.out.println("savepoint: " + savepoint);
            System.out.printf(
                    "resume: photonflow submit --from-savepoint %s [the same --config and"
                            + " key=value]%n",
                    savepoint);
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    /** The target as a URI: bare paths are local folders, made absolute. */
    private String target() {
        if (directory == null) {
            return null;
        }
        URI uri = URI.create(directory);
        return uri.getScheme() != null && uri.getScheme().length() > 1
                ? directory
                : Path.of(directory).toAbsolutePath().toUri().toString();
    }
}
