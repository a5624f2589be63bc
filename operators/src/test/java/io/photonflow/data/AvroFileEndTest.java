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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model snapshot file cut short, which Avro's reader would take for an empty file. */
class AvroFileEndTest {

    @TempDir Path dir;

    @Test
    void aModelFileCutShortFailsNamingTheCutNotAMissingSnapshot() throws IOException {
        Path file = dir.resolve("model.avro");
        ModelSnapshots.write(snapshot(), file);
        assertThat(ModelSnapshots.read(file).getStep()).isEqualTo(7);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> ModelSnapshots.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": Avro file cut short after 0 records (its last ");
    }

    /** A 64-32 layer of random weights: a block of some kilobytes, which the deflate keeps. */
    private static ModelSnapshot snapshot() {
        Random random = new Random(1);
        float[] weights = new float[64 * 32];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        return ModelSnapshot.newBuilder()
                .setAlgorithm("dfa")
                .setLayers(
                        List.of(
                                LayerSpec.newBuilder()
                                        .setKind(LayerKind.DENSE)
                                        .setInputSize(64)
                                        .setOutputSize(32)
                                        .setActivation("identity")
                                        .build()))
                .setParameters(List.of(ModelSnapshots.parameters(64, 32, weights, new float[32])))
                .setStep(7)
                .setEpoch(1)
                .setConfigFingerprint("f")
                .setInputShift(0f)
                .setInputScale(1f)
                .build();
    }
}
