package io.photonflow.jobs.cli;

import io.photonflow.jobs.ClusterJob;
import io.photonflow.jobs.cluster.FlinkRestClient;
import io.photonflow.jobs.cluster.JobJar;
import io.photonflow.jobs.cluster.JobParameters;
import io.photonflow.jobs.cluster.JobWatcher;
import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code photonflow submit}: a training job on a Flink cluster, followed until it ends. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description =
                "Submit a training job to a Flink cluster (the job jar, uploaded over REST) and "
                        + "follow it until it ends, with the run's summary line at the end.")
final class SubmitCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Mixin ClusterOptions cluster;

    @Option(names = "--detach", description = "Return once the job is submitted.")
    boolean detach;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description = "Resume from this savepoint (as stop printed it).")
    String savepoint;

    @Option(
            names = "--online",
            description = "Learn online from the Kafka topic of the online.* keys.")
    boolean online;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description = "The job jar (default: jobs/target/photonflow-jobs-*-job.jar).")
    Path jar;

    @Option(
            names = "--every",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Print progress every this many seconds (default: ${DEFAULT-VALUE}).")
    int every;

    @Override
    public Integer call() {
        try {
            // Fails here, in one line, on a configuration the job's main method would reject,
            // and on one the cluster has too few slots for.
            JobConfig config = options.load();
            FlinkRestClient rest = cluster.client();
            JobParameters.requireSlots(config, rest.overview());
            Path jobJar = jar != null ? jar : JobJar.find(Path.of(""));
            String jarId = rest.uploadJar(jobJar);
            String jobId;
            try {
                jobId =
                        rest.run(
                                jarId,
                                ClusterJob.arguments(options.config, online, options.overrides),
                                savepoint);
            } finally {
                rest.deleteJar(jarId);
            }
            System.out.printf(
                    "job %s submitted to %s%s%n",
                    jobId, rest.address(), savepoint == null ? "" : ", from " + savepoint);
            System.out.println("dashboard: " + JobWatcher.dashboard(rest, jobId));
            if (detach) {
                System.out.println("follow it: photonflow watch " + jobId);
                return 0;
            }
            return new JobWatcher(rest, System.out, Duration.ofSeconds(every))
                    .watch(jobId, 0)
                    .exitCode();
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
