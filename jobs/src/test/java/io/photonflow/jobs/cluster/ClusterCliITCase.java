package io.photonflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.jobs.cli.CliRun;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.ClusterTestJobs;
import io.photonflow.jobs.training.JobSummary;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A user's cluster session through the command line only ({@code submit}, {@code watch}, {@code
 * stop}, {@code submit --from-savepoint}) on a real standalone cluster whose supervisor keeps two
 * TaskManagers alive: a job survives a SIGKILLed TaskManager without anyone starting a new one, a
 * second job is stopped with a savepoint and resumed. Each run's summary, written by the job,
 * matches its metrics and model, and the models equal an uninterrupted local {@code train} run with
 * the TaskManagers' BLAS threads, bit for bit.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCliITCase {

    private static final Pattern SUBMITTED = Pattern.compile("job ([0-9a-f]{32}) submitted");
    private static final Pattern SAVEPOINT = Pattern.compile("(?m)^savepoint: (\\S+)$");

    private static Path runDir;
    private static StandaloneCluster cluster;
    private static JobConfig uninterrupted;

    @RegisterExtension
    static final TestWatcher CLUSTER_LOGS_ON_FAILURE =
            StandaloneCluster.logsOnFailure(() -> cluster);

    @BeforeAll
    static void startCluster() throws Exception {
        ClusterTestJobs.requireFashionMnist();
        runDir = Path.of("target/cluster-cli-it").toAbsolutePath();
        StandaloneClusterITCase.deleteRecursively(runDir);
        cluster = StandaloneCluster.startSupervised(runDir, 2, 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(0)
    void uninterruptedRunEndsWithItsSummaryLine() throws Exception {
        List<String> args = job("uninterrupted");
        CliRun submitted = cli(List.of("submit"), args);
        assertSucceeded(submitted);
        uninterrupted = ClusterTestJobs.config(args);
        JobSummary summary = assertSummaryMatchesOutputs(uninterrupted, submitted);
        assertThat(summary.restarts()).isZero();
        assertThat(summary.blasThreads()).isEqualTo(uninterrupted.runtime().blasThreads());
        assertThat(
                        differences(
                                ModelSnapshots.weights(ClusterTestJobs.model(uninterrupted)),
                                ClusterTestJobs.runReference(uninterrupted).weights()))
                .as("values that differ from the reference trainer's at the same BLAS threads")
                .isEqualTo("none");
    }

    @Test
    @Order(1)
    void jobResumesByItselfAfterATaskManagerIsKilled() throws Exception {
        List<String> args = job("killed");
        String job = submittedJob(cli(List.of("submit", "--detach"), args));
        assertSucceeded(run("watch", job, "--until-checkpoints", "2"));

        cluster.kill("taskmanager-2");
        CliRun watched = run("watch", job, "--every", "1");

        assertSucceeded(watched);
        assertThat(watched.out()).contains("restarted (");
        JobConfig config = ClusterTestJobs.config(args);
        JobSummary summary = assertSummaryMatchesOutputs(config, watched);
        assertThat(summary.restarts()).as("restarts in the summary").isPositive();
        Set<String> taskManagers = new TreeSet<>();
        cluster.rest().taskManagersByTask(job).values().forEach(taskManagers::addAll);
        assertThat(taskManagers)
                .as("TaskManagers of the last attempts: the supervisor's replacement")
                .doesNotContain("taskmanager-2")
                .contains("taskmanager-3");
        assertEqualsUninterruptedRun(config);
    }

    @Test
    @Order(2)
    void stopsWithASavepointAndResumesFromIt() throws Exception {
        List<String> args = job("savepoint");
        String job = submittedJob(cli(List.of("submit", "--detach"), args));
        assertSucceeded(run("watch", job, "--until-checkpoints", "2"));

        CliRun stopped =
                run("stop", job, "--savepoint", runDir.resolve("shared/savepoints").toString());
        assertSucceeded(stopped);
        Matcher savepoint = SAVEPOINT.matcher(stopped.out());
        assertThat(savepoint.find()).as(transcript(stopped)).isTrue();
        JobConfig config = ClusterTestJobs.config(args);
        assertThat(config.output().path().resolve(JobSummary.FILE))
                .as("a stopped job writes no summary")
                .doesNotExist();
        assertThat(run("watch", job).out())
                .contains("stopped with savepoint " + savepoint.group(1));

        CliRun resumed = cli(List.of("submit", "--from-savepoint", savepoint.group(1)), args);

        assertSucceeded(resumed);
        assertSummaryMatchesOutputs(config, resumed);
        assertEqualsUninterruptedRun(config);
    }

    @Test
    @Order(3)
    void restFailuresAreOneLine() throws Exception {
        String unknown = "0123456789abcdef0123456789abcdef";
        assertOneLineError(
                run("watch", unknown),
                "error: no job " + unknown + " on the cluster at " + cluster.restAddress());
        assertOneLineError(
                CliRun.of("watch", unknown, "--cluster", "http://127.0.0.1:1"),
                "error: cannot reach a Flink cluster at http://127.0.0.1:1 (connection refused)");
        assertOneLineError(run("stop", "not-a-job"), "error: not a Flink job id: 'not-a-job'");
        assertOneLineError(
                cli(List.of("submit"), List.of("data.train.images=/nowhere/train.gz")),
                "error: the cluster at "
                        + cluster.restAddress()
                        + " refused the job (HTTP 400): /nowhere/train.gz (NoSuchFileException)");
    }

    /** The summary the job wrote: the line the command ended with, and the run's own outputs. */
    private static JobSummary assertSummaryMatchesOutputs(JobConfig config, CliRun run)
            throws Exception {
        Path output = config.output().path();
        JobSummary summary = JobSummary.read(output);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo(summary.line());
        RunSummary metrics = RunSummary.read(output, summary.seconds());
        ModelSnapshot model = ClusterTestJobs.model(config);
        assertThat(summary.trainingExamples())
                .as("training examples, each once")
                .isEqualTo(metrics.trainingExamples())
                .isEqualTo((long) config.data().trainLimit() * config.training().epochs());
        assertThat(summary.epochs()).isEqualTo(model.getEpoch()).isEqualTo(metrics.epochs().size());
        assertThat(summary.finalTestAccuracy()).isEqualTo(metrics.finalTestAccuracy());
        assertThat(summary.line()).isEqualTo(metrics.oneLine());
        assertThat(summary.placement()).isEqualTo("per-layer");
        return summary;
    }

    /**
     * The model equals, bit for bit, that of the same job run uninterrupted on this cluster, which
     * equals the reference trainer's.
     */
    private static void assertEqualsUninterruptedRun(JobConfig config) throws Exception {
        assertThat(
                        differences(
                                ModelSnapshots.weights(ClusterTestJobs.model(config)),
                                ModelSnapshots.weights(ClusterTestJobs.model(uninterrupted))))
                .as("values that differ from the uninterrupted run's")
                .isEqualTo("none");
    }

    /** "none", or how many values of the layers differ in their bits and by how much at most. */
    private static String differences(List<LayerWeights> actual, List<LayerWeights> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        long differing = 0;
        double largest = 0;
        for (int l = 0; l < expected.size(); l++) {
            float[][] pairs = {
                NdArrays.toFloats(actual.get(l).weights()),
                NdArrays.toFloats(expected.get(l).weights()),
                NdArrays.toFloats(actual.get(l).bias()),
                NdArrays.toFloats(expected.get(l).bias())
            };
            for (int p = 0; p < pairs.length; p += 2) {
                for (int i = 0; i < pairs[p].length; i++) {
                    if (Float.floatToIntBits(pairs[p][i])
                            != Float.floatToIntBits(pairs[p + 1][i])) {
                        differing++;
                        largest = Math.max(largest, Math.abs(pairs[p][i] - pairs[p + 1][i]));
                    }
                }
            }
        }
        return differing == 0 ? "none" : differing + " values, by up to " + largest;
    }

    /**
     * 6,000 training examples, 3 epochs of 120 minibatches, a checkpoint every 200 ms; restarts
     * enough for the deployments that fail until the JobManager declares a killed TaskManager lost.
     */
    private static List<String> job(String name) {
        return List.of(
                "name=photonflow-cli-test-" + name,
                "data.train-limit=6000",
                "data.test-limit=1000",
                "network.hidden=[256,128]",
                "optimizer.schedule=constant",
                "training.batch-size=50",
                "training.eval-batch-size=500",
                "training.epochs=3",
                "checkpointing.enabled=true",
                "checkpointing.interval=200 ms",
                "checkpointing.restart-attempts=30",
                "checkpointing.directory=" + cluster.shared("checkpoints/" + name),
                "runtime.placement=per-layer",
                "runtime.feedback-timeout=2 min",
                "runtime.web-ui-port=0",
                "output.directory=" + runDir.resolve("output").resolve(name));
    }

    private static CliRun run(String... command) {
        return cli(List.of(command), List.of());
    }

    /** {@code command} against the test's cluster, then {@code args}. */
    private static CliRun cli(List<String> command, List<String> args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of("--cluster", cluster.restAddress().toString()));
        all.addAll(args);
        CliRun run = CliRun.of(all.toArray(String[]::new));
        System.out.println("[cluster cli test] photonflow " + String.join(" ", command));
        System.out.print(run.out());
        return run;
    }

    private static String submittedJob(CliRun submit) {
        assertSucceeded(submit);
        Matcher id = SUBMITTED.matcher(submit.out());
        assertThat(id.find()).as(transcript(submit)).isTrue();
        return id.group(1);
    }

    private static String transcript(CliRun run) {
        return "exit code "
                + run.exitCode()
                + "\n--- stdout ---\n"
                + run.out()
                + "\n--- stderr ---\n"
                + run.err();
    }

    private static void assertSucceeded(CliRun run) {
        assertThat(run.exitCode()).as(transcript(run)).isZero();
    }

    private static void assertOneLineError(CliRun run, String start) {
        assertThat(run.exitCode()).as(transcript(run)).isEqualTo(4);
        assertThat(run.err().lines()).as(transcript(run)).hasSize(1);
        assertThat(run.err()).startsWith(start);
        assertThat(run.out()).isEmpty();
    }
}
