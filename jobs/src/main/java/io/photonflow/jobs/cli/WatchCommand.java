package io.photonflow.jobs.cli;

import io.photonflow.jobs.cluster.JobWatcher;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code photonflow watch}: follows a job on a Flink cluster. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description =
                "Follow a job on a Flink cluster: progress, checkpoints, restarts and their "
                        + "causes, why it waits for slots, and the run's summary line at the end.")
final class WatchCommand implements Callable<Integer> {

    @Mixin JobIdParameter job;

    @Mixin ClusterOptions cluster;

    @Option(
            names = "--until-checkpoints",
            paramLabel = "N",
            defaultValue = "0",
            description = "Return once the job has completed N checkpoints (it keeps running).")
    int untilCheckpoints;

    @Option(
            names = "--every",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Print progress every this many seconds (default: ${DEFAULT-VALUE}).")
    int every;

    @Override
    public Integer call() {
        String jobId = job.required();
        try {
            return new JobWatcher(cluster.client(), System.out, Duration.ofSeconds(every))
                    .watch(jobId, untilCheckpoints)
                    .exitCode();
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
