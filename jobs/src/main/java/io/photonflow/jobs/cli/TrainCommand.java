package io.photonflow.jobs.cli;

import io.photonflow.data.SnapshotStart;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.report.RunConfiguration;
import io.photonflow.jobs.report.RunViews;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import io.photonflow.math.NativeThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code photonflow train}: one training run on an embedded Flink mini-cluster. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a network on an embedded Flink mini-cluster and write the model, "
                        + "metrics, dead letters, plots and an HTML report to the output folder.")
final class TrainCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Override
    public Integer call() {
        try {
            JobConfig config = options.load();
            NativeThreads.configure(config.runtime().blasThreads());
            TrainingJob job = TrainingJob.plan(config);
            if (config.startingPoint() instanceof SnapshotStart start) {
                System.out.println(
                        start.resumes()
                                ? String.format(
                                        "resuming %s: epoch %d of %d, after step %d",
                                        config.initialModel(),
                                        start.epoch() + 1,
                                        config.training().epochs(),
                                        start.step())
                                : "fine-tuning from "
                                        + config.initialModel()
                                        + ": its weights and input scaling, from step 0 with a"
                                        + " fresh optimizer");
            }
            List<Path> replaced = RunFolder.clear(config);
            if (!replaced.isEmpty()) {
                System.out.printf(
                        "replacing the previous run in %s (%d files removed)%n",
                        config.output().path(), replaced.size());
            }
            RunConfiguration.write(config, config.output().path());
            TrainingEnvironment.LocalCluster cluster = TrainingEnvironment.local(config);
            job.addTo(cluster.env());
            long start = System.nanoTime();
            JobClient client = cluster.env().executeAsync(config.name());
            if (cluster.dashboardPort() > 0) {
                System.out.printf(
                        "Flink dashboard: http://127.0.0.1:%d  (job %s)%n",
                        cluster.dashboardPort(), client.getJobID());
            }
            if (!Interruption.awaitEnd(client, config)) {
                return interrupted(config);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(RunSummary.read(config.output().path(), seconds).oneLine());
            writeViews(config.output().path(), seconds);
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    /**
     * Where a cancelled run stands: every file in its folder is complete (the sinks closed them),
     * the epochs finished have their snapshots, and the last of them resumes the run.
     */
    private int interrupted(JobConfig config) throws IOException {
        Path output = config.output().path();
        for (Path temporary : RunFolder.temporaries(output)) {
            Files.delete(temporary);
        }
        Optional<Path> last = RunFolder.lastEpochSnapshot(output);
        if (last.isEmpty()) {
            System.out.println(
                    "interrupted before the first epoch ended: nothing to resume from in "
                            + output);
        } else {
            System.out.printf(
                    "interrupted: %s holds the run up to %s%nresume with: %s%n",
                    output, last.get().getFileName(), options.commandLine("train", last.get()));
        }
        return Interruption.EXIT_CODE;
    }

    /**
     * The plots and the report; the run has succeeded whatever happens here, so a failure is one
     * line of warning (plot RUN_DIR can try again).
     */
    private static void writeViews(Path output, double seconds) {
        long start = System.nanoTime();
        try {
            RunViews.Written written = RunViews.write(output, seconds);
            System.out.printf(
                    "report: %s  (%d plots in %s, %.1f s)%n",
                    written.report(),
                    written.plots().size(),
                    output.resolve(RunViews.PLOTS),
                    (System.nanoTime() - start) / 1e9);
        } catch (IOException | RuntimeException e) {
            System.err.println(
                    "warning: the plots and the report of " + output + " were not written: " + e);
        }
    }
}
