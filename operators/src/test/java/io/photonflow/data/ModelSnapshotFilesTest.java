package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.LayerKind;
import io.photonflow.avro.LayerSpec;
import io.photonflow.avro.ModelSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files {@link ModelSnapshots#write} makes: their bytes, their mode, what a failure leaves. */
class ModelSnapshotFilesTest {

    @Test
    void equalSnapshotsMakeByteIdenticalFiles(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("a/model.avro");
        Path second = dir.resolve("b/model.avro");
        ModelSnapshots.write(snapshot(7), first);
        ModelSnapshots.write(snapshot(7), second);

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(ModelSnapshots.read(first)).isEqualTo(snapshot(7));
    }

    @Test
    void otherSnapshotsGetOtherSyncMarkers(@TempDir Path dir) throws IOException {
        ModelSnapshots.write(snapshot(7), dir.resolve("seven.avro"));
        ModelSnapshots.write(snapshot(8), dir.resolve("eight.avro"));

        assertThat(syncMarker(dir.resolve("seven.avro")))
                .isNotEqualTo(syncMarker(dir.resolve("eight.avro")));
    }

    @Test
    void aSnapshotFileHasTheModeOfAnyNewFile(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "made with the umask");
        Path model = dir.resolve("model.avro");
        ModelSnapshots.write(snapshot(7), model);

        assertThat(Files.getPosixFilePermissions(model))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path occupied = Files.createDirectories(dir.resolve("model.avro"));
        Files.writeString(occupied.resolve("keeps-it-from-being-replaced"), "x");

        assertThatThrownBy(() -> ModelSnapshots.write(snapshot(7), occupied))
                .isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(occupied);
        }
    }

    /** Avro's sync marker: the last 16 bytes of a file of one block. */
    private static byte[] syncMarker(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Arrays.copyOfRange(bytes, bytes.length - 16, bytes.length);
    }

    private static ModelSnapshot snapshot(long step) {
        return ModelSnapshot.newBuilder()
                .setAlgorithm("dfa")
                .setLayers(
                        List.of(
                                LayerSpec.newBuilder()
                                        .setKind(LayerKind.DENSE)
                                        .setInputSize(2)
                                        .setOutputSize(2)
                                        .setActivation("tanh")
                                        .build()))
                .setParameters(
                        List.of(
                                ModelSnapshots.parameters(
                                        2, 2, new float[] {0.5f, -0.5f, 1f, 1f}, new float[2])))
                .setStep(step)
                .setEpoch(1)
                .setConfigFingerprint("f")
                .setInputShift(0f)
                .setInputScale(1f)
                .build();
    }
}
