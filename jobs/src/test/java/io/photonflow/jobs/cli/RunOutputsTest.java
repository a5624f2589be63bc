package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.data.ModelSnapshots;
import io.photonflow.data.ShardFiles;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} leaves in its output folder and beside it, over real runs on {@link TinyData}:
 * equal runs write byte-identical files, every file has the mode the umask gives, a folder used
 * before holds only the new run, and a finished run leaves no checkpoints.
 */
class RunOutputsTest {

    @TempDir Path dir;

    private Path train;
    private Path test;

    @BeforeEach
    void writeData() throws IOException {
        train = TinyData.avro(dir.resolve("train.avro"), 300, 2, 1);
        test = TinyData.avro(dir.resolve("test.avro"), 90, 0, 2);
    }

    /**
     * Equal bytes: all but metrics.avro (timings), config.yaml (the output folder) and the views.
     * The mode: every file, views included.
     */
    @Test
    void twoRunsOfOneConfigurationWriteByteIdenticalFilesOfTheUmasksMode() throws IOException {
        Path first = train(dir.resolve("first"), "diagnostics.alignment-every=5");
        Path second = train(dir.resolve("second"), "diagnostics.alignment-every=5");

        for (String file :
                List.of(
                        "model.avro",
                        "model-epoch-001.avro",
                        "model-epoch-002.avro",
                        "dead-letters.avro",
                        "alignment.avro")) {
            assertThat(Files.mismatch(first.resolve(file), second.resolve(file)))
                    .as("first byte where the two runs' %s differ (-1: none)", file)
                    .isEqualTo(-1L);
        }
        Set<PosixFilePermission> umask =
                Files.getPosixFilePermissions(Files.writeString(dir.resolve("new.txt"), "x"));
        List<Path> files = regularFiles(first);
        assertThat(files)
                .extracting(file -> first.relativize(file).toString())
                .contains("model.avro", "metrics.avro", "summary.json", "report.html");
        for (Path file : files) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(umask);
        }
    }

    @Test
    void aRunIntoAFolderUsedBeforeReplacesThePreviousRunAndNothingElse() throws IOException {
        Path output = train(dir.resolve("output"), "training.epochs=3");
        Path notes = Files.writeString(output.resolve("notes.txt"), "mine");

        CliRun again = CliRun.of(args(output, "training.epochs=1"));

        assertThat(again.exitCode()).as(again.transcript()).isZero();
        assertThat(again.out()).contains("replacing the previous run in " + output);
        assertThat(Files.exists(ModelSnapshotSink.epochFile(output, 2))).isFalse();
        assertThat(Files.exists(ModelSnapshotSink.epochFile(output, 3))).isFalse();
        assertThat(ModelSnapshots.read(output.resolve("model.avro")).getEpoch()).isEqualTo(1);
        assertThat(notes).hasContent("mine");
    }

    @Test
    void aSplitRunReplacesThePreviousRunsShardFilesButThoseItStartsFrom() throws IOException {
        Path output = train(dir.resolve("output"), "runtime.shards=2", "training.epochs=3");
        Path shards = output.resolve(ShardFiles.FOLDER);
        Path notes = Files.writeString(shards.resolve("notes.txt"), "mine");
        assertThat(regularFiles(shards.resolve("epoch-003")))
                .extracting(file -> file.getFileName().toString())
                .containsExactlyInAnyOrder("layer-0-shard-0.avro", "layer-0-shard-1.avro");

        CliRun again = CliRun.of(args(output, "runtime.shards=2", "training.epochs=1"));

        assertThat(again.exitCode()).as(again.transcript()).isZero();
        assertThat(shards.resolve("epoch-002")).doesNotExist();
        assertThat(shards.resolve("epoch-003")).doesNotExist();
        assertThat(ModelSnapshots.read(output.resolve("model.avro")).getEpoch()).isEqualTo(1);
        assertThat(notes).hasContent("mine");

        Path start = ModelSnapshotSink.epochFile(output, 1);
        CliRun fineTuned =
                CliRun.of(
                        args(
                                output,
                                "runtime.shards=2",
                                "optimizer.learning-rate=0.02",
                                "--from",
                                start.toString()));

        // Its tasks read the shard files of the snapshot it starts from: clearing the folder kept
        // them.
        assertThat(fineTuned.exitCode()).as(fineTuned.transcript()).isZero();
        assertThat(ModelSnapshots.read(output.resolve("model.avro")).getEpoch()).isEqualTo(2);
    }

    @Test
    void aRunResumedInItsFolderKeepsTheSnapshotsItContinues() throws IOException {
        Path output = train(dir.resolve("output"));
        Path epoch1 = ModelSnapshotSink.epochFile(output, 1);
        Path epoch1Before = Files.copy(epoch1, dir.resolve("epoch-1.avro"));
        Path uninterrupted =
                Files.copy(ModelSnapshotSink.epochFile(output, 2), dir.resolve("epoch-2.avro"));

        CliRun resumed = CliRun.of(args(output, "--from", epoch1.toString()));

        assertThat(resumed.exitCode()).as(resumed.transcript()).isZero();
        assertThat(resumed.out()).contains("resuming " + epoch1);
        assertThat(Files.mismatch(epoch1, epoch1Before))
                .as("epoch 1's snapshot kept")
                .isEqualTo(-1L);
        assertThat(Files.mismatch(ModelSnapshotSink.epochFile(output, 2), uninterrupted))
                .as("first byte where the resumed run's last snapshot and the first run's differ")
                .isEqualTo(-1L);
    }

    @Test
    void aFinishedRunLeavesNoCheckpoints() throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        train(
                dir.resolve("output"),
                "training.epochs=6",
                "checkpointing.enabled=true",
                "checkpointing.interval=100 ms",
                "checkpointing.directory=" + checkpoints);

        assertThat(Files.exists(checkpoints) ? regularFiles(checkpoints) : List.of()).isEmpty();
        if (Files.exists(checkpoints)) {
            try (Stream<Path> jobs = Files.list(checkpoints)) {
                assertThat(jobs).as("job folders in " + checkpoints).isEmpty();
            }
        }
    }

    private Path train(Path output, String... overrides) {
        CliRun run = CliRun.of(args(output, overrides));
        assertThat(run.exitCode()).as(run.transcript()).isZero();
        return output;
    }

    private String[] args(Path output, String... overrides) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                "data.train={avro: " + train + "}",
                                "data.test={avro: " + test + "}",
                                "network.input=" + TinyData.FEATURES,
                                "network.hidden=[32]",
                                "network.classes=" + TinyData.CLASSES,
                                "optimizer.learning-rate=0.01",
                                "optimizer.schedule=constant",
                                "training.epochs=2",
                                "training.batch-size=16",
                                "training.eval-batch-size=64",
                                "checkpointing.enabled=false",
                                "runtime.web-ui-port=0",
                                "runtime.progress-every=1000",
                                "output.directory=" + output));
        args.addAll(List.of(overrides));
        return args.toArray(String[]::new);
    }

    private static List<Path> regularFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
