package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code train}: a real {@code photonflow train} in a child JVM, sent a real SIGINT
 * once two epochs and a checkpoint are done. The run cancels its job and ends with exit code 130,
 * leaves no temporary file and no checkpoint, every file in its folder is complete (the model files
 * readable and {@code model.avro} the newest epoch's, the metrics covering every step up to that
 * snapshot), and the console says how to resume.
 */
class InterruptedTrainITCase {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void ctrlCLeavesCompleteFilesNoTemporariesNoCheckpointsAndSaysHowToResume(@TempDir Path dir)
            throws Exception {
        Path train = TinyData.avro(dir.resolve("train.avro"), 3000, 0, 1);
        Path test = TinyData.avro(dir.resolve("test.avro"), 300, 0, 2);
        Path output = dir.resolve("output");
        Path log = dir.resolve("console.txt");
        Process child =
                new ProcessBuilder(javaCommand(train, test, output))
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            Path checkpoints = dir.resolve("runs/checkpoints");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!(Files.exists(ModelSnapshotSink.epochFile(output, 2))
                    && hasCompletedCheckpoint(checkpoints))) {
                assertThat(child.isAlive()).as(console(log)).isTrue();
                assertThat(System.nanoTime()).as("time out; " + console(log)).isLessThan(deadline);
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor();
            assertThat(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("ended after SIGINT; " + console(log))
                    .isTrue();
        } finally {
            child.destroyForcibly();
        }

        String console = console(log);
        assertThat(child.exitValue()).as(console).isEqualTo(Interruption.EXIT_CODE);
        assertThat(filesUnder(output).stream().map(Path::toString))
                .as("temporary files")
                .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".inprogress"));
        assertThat(Files.exists(dir.resolve("runs/checkpoints")))
                .as("checkpoints of the run; " + console)
                .isFalse();

        Path last = newestEpochFile(output);
        ModelSnapshot snapshot = ModelSnapshots.read(last);
        assertThat(Files.mismatch(output.resolve(ModelSnapshotSink.LATEST), last))
                .as("first byte where model.avro and %s differ (-1: none)", last.getFileName())
                .isEqualTo(-1L);
        for (int epoch = 1; epoch <= snapshot.getEpoch(); epoch++) {
            assertThat(ModelSnapshots.read(ModelSnapshotSink.epochFile(output, epoch)).getEpoch())
                    .isEqualTo(epoch);
        }
        long lastTrainedStep =
                TinyData.read(output.resolve("metrics.avro"), TrainingMetrics.class).stream()
                        .filter(metrics -> metrics.getSplit() == MetricsSplit.TRAIN)
                        .mapToLong(TrainingMetrics::getStep)
                        .max()
                        .orElse(0);
        assertThat(lastTrainedStep)
                .as(
                        "last training step in metrics.avro, the newest snapshot's is %d",
                        snapshot.getStep())
                .isGreaterThanOrEqualTo(snapshot.getStep());
        assertThat(console)
                .contains("interrupted: " + output + " holds the run up to " + last.getFileName())
                .contains("resume with: jobs/photonflow train ")
                .contains("--from " + last);
    }

    /**
     * {@code photonflow train} in a fresh JVM. Through {@code env --default-signal=INT}: a process
     * started in the background of a shell ignores SIGINT, and so would the child.
     */
    private static List<String> javaCommand(Path train, Path test, Path output) {
        List<String> command = new ArrayList<>();
        command.addAll(
                List.of(
                        "env",
                        "--default-signal=INT",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-Dlog4j.configurationFile="
                                + Path.of("../conf/log4j2.properties").toAbsolutePath(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Photonflow.class.getName(),
                        "train"));
        command.addAll(
                List.of(
                        "data.train={avro: " + train + "}",
                        "data.test={avro: " + test + "}",
                        "network.input=" + TinyData.FEATURES,
                        "network.hidden=[32]",
                        "network.classes=" + TinyData.CLASSES,
                        "training.epochs=500",
                        "training.batch-size=16",
                        "checkpointing.enabled=true",
                        "checkpointing.interval=200 ms",
                        "runtime.web-ui-port=0",
                        "runtime.progress-every=100000",
                        "output.directory=" + output));
        return command;
    }

    private static boolean hasCompletedCheckpoint(Path checkpoints) {
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.anyMatch(file -> file.getFileName().toString().equals("_metadata"));
        } catch (IOException | UncheckedIOException missingOrJustDeleted) {
            // not there yet, or Flink removed a subsumed checkpoint while we looked
            return false;
        }
    }

    private static Path newestEpochFile(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(file -> file.getFileName().toString().startsWith("model-epoch-"))
                    .max(Path::compareTo)
                    .orElseThrow();
        }
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.toList();
        }
    }

    private static String console(Path log) throws IOException {
        return "console:\n" + Files.readString(log, StandardCharsets.UTF_8);
    }
}
