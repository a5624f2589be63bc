package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.training.JobSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Follows a job on the cluster until it ends (or until it has completed some checkpoints), and says
 * what happens: state changes, progress from the job's own metrics every so often, restarts and
 * their causes, why it waits for slots, and at the end the run's summary line, which the job wrote
 * into its output folder ({@link JobSummary}), or the savepoint it stopped with.
 */
public final class JobWatcher {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final int LONGEST_CAUSE = 160;

    /**
     * How watching ended.
     *
     * @param state the job's state when watching ended
     * @param exitCode 0 for a job that finished (or reached the awaited checkpoints), 1 otherwise
     */
    public record Outcome(String state, int exitCode) {}

    private final FlinkRestClient rest;
    private final PrintStream out;
    private final Duration progressEvery;

    public JobWatcher(FlinkRestClient rest, PrintStream out, Duration progressEvery) {
        this.rest = rest;
        this.out = out;
        this.progressEvery = progressEvery;
    }

    /** The dashboard page of a job. */
    public static String dashboard(FlinkRestClient rest, String jobId) {
        return rest.address() + "/#/job/running/" + jobId + "/overview";
    }

    /**
     * Watches {@code jobId} until it ends, or until it has completed {@code untilCheckpoints}
     * checkpoints when that is positive.
     */
    public Outcome watch(String jobId, int untilCheckpoints) throws Exception {
        JobParameters parameters = JobParameters.from(rest.jobConfig(jobId));
        JobMetrics metrics = new JobMetrics(rest, jobId);
        String state = null;
        int restarts = 0;
        long nextProgress = 0;
        long waitingSince = 0;
        String shortage = null;
        String lastProgress = null;
        while (true) {
            JsonNode job = rest.job(jobId);
            String now = job.path("state").asText();
            if (!now.equals(state)) {
                out.printf("job %s: %s%n", jobId, now);
                state = now;
            }
            if (FlinkRestClient.TERMINAL.contains(state)) {
                return ended(jobId, job, parameters);
            }
            int completed = rest.checkpoints(jobId).path("counts").path("completed").asInt();
            int restarted = metrics.restarts();
            if (restarted > restarts) {
                restarts = restarted;
                out.printf(
                        "restarted (%d restart%s so far) after: %s%n",
                        restarts, restarts == 1 ? "" : "s", latestFailure(jobId));
            }
            long time = System.nanoTime();
            if (SlotShortage.waitingTasks(job) == 0 || parameters == null) {
                waitingSince = 0;
                shortage = null;
            } else if (waitingSince == 0) {
                waitingSince = time;
            } else if (time - waitingSince > PATIENCE.toNanos()) {
                String explained = SlotShortage.explain(parameters.slots(), rest.overview());
                if (explained != null && !explained.equals(shortage)) {
                    out.println(explained);
                }
                shortage = explained;
            }
            if (time >= nextProgress) {
                String line = progressLine(metrics.progress(), completed);
                if (line != null && !line.equals(lastProgress)) {
                    out.println(line);
                    lastProgress = line;
                }
                nextProgress = time + progressEvery.toNanos();
            }
            if (untilCheckpoints > 0 && completed >= untilCheckpoints) {
                out.printf(
                        "job %s: %d checkpoints completed; it keeps running%n", jobId, completed);
                return new Outcome(state, 0);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * The progress line of these metrics, null before the first step. The cluster refreshes the
     * metrics it serves every metrics.fetcher.update-interval (10 s by default), so they lag.
     */
    private static String progressLine(Map<String, Double> progress, int checkpoints) {
        if (progress.isEmpty()
                || Objects.requireNonNullElse(progress.get(Metrics.STEP), 0.0) == 0) {
            return null;
        }
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                "epoch %.0f  step %.0f  loss %.4f  accuracy %.2f%%  %.0f samples/s",
                                progress.get(Metrics.EPOCH),
                                progress.get(Metrics.STEP),
                                progress.get(Metrics.LOSS),
                                100 * progress.get(Metrics.ACCURACY),
                                progress.get(Metrics.SAMPLES_PER_SECOND)));
        Double test = progress.get(Metrics.TEST_ACCURACY);
        if (test != null && !test.isNaN()) {
            line.append(String.format("  test accuracy %.2f%%", 100 * test));
        }
        line.append("  checkpoints ").append(checkpoints);
        return line.toString();
    }

    /** The newest entry of the job's exception history, in one line. */
    private String latestFailure(String jobId) throws IOException, InterruptedException {
        for (JsonNode entry :
                rest.get("/jobs/" + jobId + "/exceptions")
                        .path("exceptionHistory")
                        .path("entries")) {
            String trace = entry.path("stacktrace").asText();
            String first = trace.lines().findFirst().orElse(entry.path("exceptionName").asText());
            return entry.path("taskName").asText("the job")
                    + " on "
                    + entry.path("taskManagerId").asText("-")
                    + ": "
                    + shortened(RestErrors.summarize(first));
        }
        return "cause not listed yet";
    }

    private Outcome ended(String jobId, JsonNode job, JobParameters parameters) throws Exception {
        String state = job.path("state").asText();
        if (!"FINISHED".equals(state)) {
            String cause = rootCause(rest.get("/jobs/" + jobId + "/exceptions"));
            out.printf("job %s %s%s%n", jobId, state.toLowerCase(), cause);
            return new Outcome(state, 1);
        }
        if (parameters != null && summaryOf(parameters.output(), job) != null) {
            out.println(JobSummary.read(parameters.output()).line());
            return new Outcome(state, 0);
        }
        JsonNode savepoint = rest.checkpoints(jobId).path("latest").path("savepoint");
        if (savepoint.has("external_path")) {
            String path = savepoint.path("external_path").asText();
            out.printf(
                    "stopped with savepoint %s%nresume: photonflow submit --from-savepoint %s"
                            + " [the same --config and key=value]%n",
                    path, path);
        } else {
            out.printf(
                    "job %s finished without a summary%s%n",
                    jobId,
                    parameters == null
                            ? " (not a photonflow training job)"
                            : " in " + parameters.output());
        }
        return new Outcome(state, 0);
    }

    /** The summary file when this job wrote it (it is newer than the job's start), else null. */
    private static Path summaryOf(Path output, JsonNode job) throws IOException {
        Path file = output.resolve(JobSummary.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        long written = Files.getLastModifiedTime(file).toMillis();
        return written >= job.path("start-time").asLong() ? file : null;
    }

    /** At most {@value #LONGEST_CAUSE} characters of {@code text}. */
    private static String shortened(String text) {
        return text.length() <= LONGEST_CAUSE ? text : text.substring(0, LONGEST_CAUSE) + "...";
    }

    private static String rootCause(JsonNode exceptions) {
        String trace = exceptions.path("root-exception").asText("");
        if (trace.isEmpty()) {
            trace =
                    exceptions
                            .path("exceptionHistory")
                            .path("entries")
                            .path(0)
                            .path("stacktrace")
                            .asText("");
        }
        return trace.isEmpty() ? "" : ": " + shortened(RestErrors.summarize(trace));
    }
}
