package io.photonflow.data;

import static io.photonflow.data.IdxTestFiles.gzip;
import static io.photonflow.data.IdxTestFiles.images;
import static io.photonflow.data.IdxTestFiles.labels;
import static io.photonflow.data.IdxTestFiles.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.model.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

    private static final int FEATURES = 4;

    @TempDir Path dir;

    @Test
    void holdsOutTheLastTrainingExamplesAsValidationSetUnseenByTheScaling() throws IOException {
        SplitSource train = idxPair("train", pixels(5 * FEATURES, 0), 0, 1, 2, 3, 4);
        SplitSource test = idxPair("test", pixels(2 * FEATURES, 100), 5, 6);
        DataSpec spec =
                new DataSpec(train, test, 0, 0, DataSpec.Normalization.STANDARDIZE, 2, null);

        TrainingData data = new TrainingData.Loader(spec, FEATURES, 10).load();

        assertThat(data.train().labels(new int[] {0, 1, 2})).containsExactly(0, 1, 2);
        assertThat(data.validation().labels(new int[] {0, 1})).containsExactly(3, 4);
        assertThat(data.test().size()).isEqualTo(2);
        // Standardized over the three training rows (pixels 0 to 11), not the validation rows.
        assertThat(data.scaling().shift()).isCloseTo(5.5f / 255, within(1e-7f));
        assertThat(data.schedule(2, 1, 3)).isEqualTo(new Schedule(3, 2, 2, 2));
    }

    @Test
    void aValidationSetAsLargeAsTheTrainingSetIsAnError() throws IOException {
        SplitSource train = idxPair("train", pixels(2 * FEATURES, 0), 0, 1);
        SplitSource test = idxPair("test", pixels(FEATURES, 0), 5);
        DataSpec spec = new DataSpec(train, test, 0, 0, DataSpec.Normalization.NONE, 2, null);

        assertThatThrownBy(() -> new TrainingData.Loader(spec, FEATURES, 10).load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data.validation-size=2");
    }

    private SplitSource idxPair(String name, byte[] pixels, int... labels) throws IOException {
        Path images =
                Files.write(
                        dir.resolve(name + "-images.gz"),
                        gzip(images(labels.length, 2, 2, pixels)));
        Path labelFile = Files.write(dir.resolve(name + "-labels.gz"), gzip(labels(labels)));
        return new SplitSource(images.toString(), labelFile.toString(), null);
    }
}
