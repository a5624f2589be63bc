package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.photonflow.flink.failures.FailFast;
import io.photonflow.jobs.cli.CliRun;
import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What no restart can fix ends a job at once with one line: paths that cannot serve are refused
 * before the job starts, naming the key and the path; an input that fails inside a running job with
 * checkpointing (and so restarts) configured ends it without a single restart.
 */
class UnrecoverableInputITCase {

    /** A run with restarts would take ten back-offs from 0.5 s doubling up to 15 s: over 60 s. */
    private static final Duration AT_ONCE = Duration.ofSeconds(30);

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster(REPORTER);

    @Test
    void anInputThatFailsInsideTheJobEndsItWithoutRestarts(@TempDir Path out) throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "checkpointing.enabled=true",
                        "checkpointing.interval=1 s",
                        "checkpointing.restart-attempts=10");
        TrainingJob job = TrainingJob.plan(config);
        // Planned on a good file, which then becomes a folder: what a restart would only repeat.
        Path train = Path.of(config.data().train().avro());
        Files.delete(train);
        Files.createDirectory(train);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, config);

        long start = System.nanoTime();
        assertThatThrownBy(() -> job.execute(env))
                .satisfies(
                        e ->
                                assertThat(FailFast.stoppedFor(e))
                                        .as("the cause under Flink's SuppressRestartsException")
                                        .isNotNull()
                                        .hasMessageContaining(train.toString()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
        assertThat(restartGauges()).as("numRestarts of the job").isNotEmpty().containsOnly(0L);
    }

    private static List<Object> restartGauges() {
        return REPORTER.getMetricsByGroup().values().stream()
                .map(metrics -> metrics.get("numRestarts"))
                .filter(metric -> metric instanceof Gauge<?>)
                .map(metric -> (Object) ((Gauge<?>) metric).getValue())
                .toList();
    }

    @Test
    void aFolderWhereADataFileBelongsIsOneLineBeforeTheJobStarts(@TempDir Path dir)
            throws Exception {
        Path folder = Files.createDirectory(dir.resolve("train.avro"));
        CliRun run = train(dir, "data.train={avro: " + folder + "}");
        assertOneLine(
                run,
                "override 'data.train={avro: "
                        + folder
                        + "}': data.train.avro: "
                        + folder
                        + " is a folder; data.train.avro names a file");
    }

    @Test
    void anUnreadableDataFileIsOneLineBeforeTheJobStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("train.avro"), "unreadable");
        Files.setPosixFilePermissions(file, Set.of());
        assumeFalse(Files.isReadable(file), "permissions do not apply to this user (root)");
        CliRun run = train(dir, "data.train={avro: " + file + "}");
        assertOneLine(
                run,
                "override 'data.train={avro: "
                        + file
                        + "}': data.train.avro: "
                        + file
                        + " cannot be read (permissions)");
    }

    @Test
    void aGraphThatIsAFileIsOneLineBeforeTheJobStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cora"), "not a folder");
        CliRun run = train(dir, "network.kind=gcn", "data.normalization=row", "data.graph=" + file);
        assertOneLine(
                run,
                "override 'data.graph="
                        + file
                        + "': data.graph: "
                        + file
                        + " is a file; data.graph names a folder with nodes.tsv, edges.tsv and"
                        + " split.tsv");
    }

    @Test
    void anOutputFolderThatIsAFileIsOneLineBeforeTheJobStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("runs"), "a file");
        CliRun run = train(dir, "output.directory=" + file);
        assertOneLine(
                run,
                "override 'output.directory="
                        + file
                        + "': output.directory: "
                        + file
                        + " is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("a file");
    }

    /** {@code train} on tiny data written into {@code dir}, checkpointing and restarts on. */
    private static CliRun train(Path dir, String... overrides) throws Exception {
        JobConfig base = TestJobs.small(dir);
        String[] args = new String[overrides.length + 4];
        args[0] = "train";
        args[1] = "data.train={avro: " + base.data().train().avro() + "}";
        args[2] = "data.test={avro: " + base.data().test().avro() + "}";
        args[3] = "runtime.web-ui-port=0";
        System.arraycopy(overrides, 0, args, 4, overrides.length);
        long start = System.nanoTime();
        CliRun run = CliRun.of(args);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
        return run;
    }

    private static void assertOneLine(CliRun run, String problem) {
        assertThat(run.exitCode()).as(run.transcript()).isEqualTo(2);
        assertThat(run.err().lines())
                .as(run.transcript())
                .containsExactly("invalid configuration:", "  - " + problem);
    }
}
