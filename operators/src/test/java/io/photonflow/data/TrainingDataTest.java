package io.photonflow.data;

import static io.photonflow.data.IdxTestFiles.gzip;
import static io.photonflow.data.IdxTestFiles.images;
import static io.photonflow.data.IdxTestFiles.labels;
import static io.photonflow.data.IdxTestFiles.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.model.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void oneAbsurdFeatureIsADeadLetterAndDoesNotRuleTheStandardization() throws IOException {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            examples.add(Examples.toExample("e" + i, new float[] {i, 0, 0, 0}, i % 10));
        }
        Path clean = dir.resolve("clean.avro");
        AvroTestFiles.write(clean, examples);
        examples.add(7, Examples.toExample("absurd", new float[] {0, 3e38f, 0, 0}, 1));
        Path dirty = dir.resolve("dirty.avro");
        AvroTestFiles.write(dirty, examples);
        SplitSource test = new SplitSource(null, null, clean.toString());

        TrainingData fromClean = standardized(clean, test).load();
        TrainingData fromDirty = standardized(dirty, test).load();

        // Statistics in double over the 40 ordinary examples: the same as without the record.
        assertThat(fromDirty.scaling()).isEqualTo(fromClean.scaling());
        assertThat(fromClean.scaling().shift()).isEqualTo(4.875f);
        assertThat(fromDirty.train().size()).isEqualTo(40);
        assertThat(fromDirty.rejected())
                .extracting(DeadLetter::getSource, DeadLetter::getReason)
                .containsExactly(
                        tuple(
                                "train:" + dirty + "#7",
                                "feature 1 is 3.0E38, over 1000 times the largest feature of a"
                                        + " typical training example (20.5, the median):"
                                        + " standardization would follow it alone"));
    }

    @Test
    void aGivenScalingOrNoNormalizationKeepsLargeFeatures() throws IOException {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            examples.add(Examples.toExample("e" + i, new float[] {1, 0, 0, 0}, 0));
        }
        examples.add(Examples.toExample("large", new float[] {1e6f, 0, 0, 0}, 0));
        Path file = dir.resolve("train.avro");
        AvroTestFiles.write(file, examples);
        SplitSource split = new SplitSource(null, null, file.toString());
        DataSpec none = new DataSpec(split, split, 0, 0, DataSpec.Normalization.NONE, 0, null);
        DataSpec standardize =
                new DataSpec(split, split, 0, 0, DataSpec.Normalization.STANDARDIZE, 0, null);

        assertThat(new TrainingData.Loader(none, FEATURES, 10).load().rejected()).isEmpty();
        assertThat(
                        new TrainingData.Loader(standardize, FEATURES, 10, new InputScaling(0f, 2f))
                                .load()
                                .train()
                                .size())
                .isEqualTo(11);
        assertThat(new TrainingData.Loader(standardize, FEATURES, 10).load().rejected()).hasSize(1);
    }

    private static TrainingData.Loader standardized(Path train, SplitSource test) {
        return new TrainingData.Loader(
                new DataSpec(
                        new SplitSource(null, null, train.toString()),
                        test,
                        0,
                        0,
                        DataSpec.Normalization.STANDARDIZE,
                        0,
                        null),
                FEATURES,
                10);
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
