package io.photonflow.data;

import static io.photonflow.data.IdxTestFiles.gzip;
import static io.photonflow.data.IdxTestFiles.images;
import static io.photonflow.data.IdxTestFiles.labels;
import static io.photonflow.data.IdxTestFiles.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

    private static final int FEATURES = 4;
    private static final int CLASSES = 10;

    @TempDir Path dir;

    @Test
    void loadsAnIdxPairScalingPixelsToTheUnitInterval() throws IOException {
        SplitSource source = idxPair(new byte[] {0, (byte) 255, 51, 102, 1, 2, 3, 4}, 3, 9);

        LoadedSplit split = DatasetLoader.load(source, "train", FEATURES, CLASSES, 0);

        assertThat(split.rejected()).isEmpty();
        assertThat(split.dataset().size()).isEqualTo(2);
        assertThat(split.dataset().featureCount()).isEqualTo(FEATURES);
        assertThat(split.dataset().rows(new int[] {0, 1}))
                .containsExactly(0f, 1f, 0.2f, 0.4f, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f);
        assertThat(split.dataset().labels(new int[] {0, 1})).containsExactly(3, 9);
    }

    @Test
    void turnsIdxLabelsOutOfRangeIntoDeadLetters() throws IOException {
        SplitSource source = idxPair(pixels(3 * FEATURES, 0), 1, 12, 2);

        LoadedSplit split = DatasetLoader.load(source, "train", FEATURES, CLASSES, 0);

        assertThat(split.dataset().labels(new int[] {0, 1})).containsExactly(1, 2);
        assertThat(split.rejected()).hasSize(1);
        DeadLetter letter = split.rejected().get(0);
        assertThat(letter.getSource()).isEqualTo("train:" + source.images() + "#1");
        assertThat(letter.getReason()).isEqualTo("label 12 is outside [0, 10)");
        assertThat(letter.getPayloadFormat()).isEqualTo("avro:io.photonflow.avro.Example");
        assertThat(AvroTestFiles.decodeExample(letter.getPayload()))
                .isEqualTo(
                        Examples.toExample(
                                source.images() + "#1",
                                new float[] {4 / 255f, 5 / 255f, 6 / 255f, 7 / 255f},
                                12));
    }

    @Test
    void limitCountsRejectedExamplesToo() throws IOException {
        SplitSource source = idxPair(pixels(4 * FEATURES, 0), 1, 12, 2, 3);

        LoadedSplit two = DatasetLoader.load(source, "train", FEATURES, CLASSES, 2);
        LoadedSplit three = DatasetLoader.load(source, "train", FEATURES, CLASSES, 3);

        assertThat(two.dataset().size()).isEqualTo(1);
        assertThat(two.rejected()).hasSize(1);
        assertThat(three.dataset().labels(new int[] {0, 1})).containsExactly(1, 2);
        assertThat(three.dataset().size()).isEqualTo(2);
    }

    @Test
    void rejectsIdxFilesWithDifferentCountsNamingBoth() throws IOException {
        Path images = write("images.gz", gzip(images(2, 2, 2, pixels(8, 0))));
        Path labels = write("labels.gz", gzip(labels(1, 2, 3)));
        SplitSource source = new SplitSource(images.toString(), labels.toString(), null);

        assertThatThrownBy(() -> DatasetLoader.load(source, "train", FEATURES, CLASSES, 0))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(images + " has 2 images but " + labels + " has 3 labels");
    }

    @Test
    void rejectsImagesThatDoNotFitTheNetworkInput() throws IOException {
        SplitSource source = idxPair(pixels(2 * FEATURES, 0), 1, 2);

        assertThatThrownBy(() -> DatasetLoader.load(source, "train", 100, CLASSES, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        source.images()
                                + ": images are 2x2 = 4 features but the network input"
                                + " is 100");
    }

    @Test
    void loadsValidAvroExamplesAndDeadLettersTheRest() throws IOException {
        List<Example> examples =
                List.of(
                        example("good-0", 3, 0.1f, 0.2f, 0.3f, 0.4f),
                        example("long", 3, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f),
                        example("nan", 3, 0.1f, Float.NaN, 0.3f, 0.4f),
                        example("inf", 3, 0.1f, 0.2f, Float.POSITIVE_INFINITY, 0.4f),
                        example("label", 10, 0.1f, 0.2f, 0.3f, 0.4f),
                        example("good-5", 0, 1f, 2f, 3f, 4f));
        Path file = dir.resolve("test.avro");
        AvroTestFiles.write(file, examples);

        LoadedSplit split =
                DatasetLoader.load(
                        new SplitSource(null, null, file.toString()), "test", FEATURES, CLASSES, 0);

        assertThat(split.dataset().size()).isEqualTo(2);
        assertThat(split.dataset().rows(new int[] {0, 1}))
                .containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 1f, 2f, 3f, 4f);
        assertThat(split.dataset().labels(new int[] {0, 1})).containsExactly(3, 0);
        assertThat(split.rejected())
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        "has 5 features, expected 4",
                        "feature 1 is NaN",
                        "feature 2 is Infinity",
                        "label 10 is outside [0, 10)");
        assertThat(split.rejected())
                .extracting(DeadLetter::getSource)
                .containsExactly(
                        "test:" + file + "#1",
                        "test:" + file + "#2",
                        "test:" + file + "#3",
                        "test:" + file + "#4");
        for (int i = 0; i < 4; i++) {
            DeadLetter letter = split.rejected().get(i);
            assertThat(letter.getPayloadFormat()).isEqualTo(DeadLetters.EXAMPLE_FORMAT);
            assertThat(AvroTestFiles.decodeExample(letter.getPayload()))
                    .isEqualTo(examples.get(i + 1));
        }
    }

    @Test
    void rejectsAnExampleThatWouldRuleStandardizationWithItsRecordAsTheFileHoldsIt()
            throws IOException {
        List<Example> examples =
                List.of(
                        example("a", 1, 0.1f, 0.2f, 0.3f, 0.4f),
                        example("nan", 1, Float.NaN, 0.2f, 0.3f, 0.4f),
                        example("absurd", 2, 0.1f, 0.2f, 3e38f, 0.4f),
                        example("b", 3, 1f, 2f, 3f, 4f));
        Path file = dir.resolve("train.avro");
        AvroTestFiles.write(file, examples);
        SplitSource source = new SplitSource(null, null, file.toString());

        LoadedSplit checked = DatasetLoader.load(source, "train", FEATURES, CLASSES, 0, true);
        LoadedSplit unchecked = DatasetLoader.load(source, "train", FEATURES, CLASSES, 0);

        assertThat(checked.dataset().labels(new int[] {0, 1})).containsExactly(1, 3);
        assertThat(checked.dataset().size()).isEqualTo(2);
        assertThat(checked.rejected())
                .extracting(DeadLetter::getSource)
                .containsExactly("train:" + file + "#1", "train:" + file + "#2");
        DeadLetter absurd = checked.rejected().get(1);
        assertThat(absurd.getReason())
                .isEqualTo(
                        "feature 2 is 3.0E38, over 1000 times the largest feature of a typical"
                                + " training example (4.0, the median): standardization would"
                                + " follow it alone");
        assertThat(AvroTestFiles.decodeExample(absurd.getPayload())).isEqualTo(examples.get(2));
        assertThat(unchecked.dataset().size()).isEqualTo(3);
    }

    @Test
    void readsAvroFilesWrittenWithTheFirstExampleSchema() throws IOException {
        // Example v1 as shipped (label: int), written by Avro alone, as an old release did.
        Schema v1 = ExampleSchemasTest.resource("/avro/Example-v1.avsc");
        Path file = dir.resolve("v1.avro");
        try (DataFileWriter<GenericRecord> writer =
                new DataFileWriter<>(new GenericDatumWriter<>(v1))) {
            writer.create(v1, file.toFile());
            writer.append(v1Example(v1, "a", 7, 0.1f, 0.2f, 0.3f, 0.4f));
            writer.append(v1Example(v1, "b", 10, 1f, 2f, 3f, 4f));
            writer.append(v1Example(v1, "c", 0, 5f, 6f, 7f, 8f));
        }
        try (DataFileReader<GenericRecord> reader =
                new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            assertThat(reader.getSchema().getField("label").schema().getType())
                    .isEqualTo(Schema.Type.INT);
        }

        LoadedSplit split =
                DatasetLoader.load(
                        new SplitSource(null, null, file.toString()),
                        "train",
                        FEATURES,
                        CLASSES,
                        0);

        assertThat(split.dataset().size()).isEqualTo(2);
        assertThat(split.dataset().rows(new int[] {0, 1}))
                .containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 5f, 6f, 7f, 8f);
        assertThat(split.dataset().labels(new int[] {0, 1})).containsExactly(7, 0);
        assertThat(split.rejected()).hasSize(1);
        DeadLetter letter = split.rejected().get(0);
        assertThat(letter.getSource()).isEqualTo("train:" + file + "#1");
        assertThat(letter.getReason()).isEqualTo("label 10 is outside [0, 10)");
        // The payload holds the record resolved to the current schema.
        assertThat(AvroTestFiles.decodeExample(letter.getPayload()))
                .isEqualTo(example("b", 10, 1f, 2f, 3f, 4f));
    }

    @Test
    void unlabelledExamplesInAFileAreDeadLetters() throws IOException {
        List<Example> examples =
                List.of(
                        example("good", 1, 1f, 2f, 3f, 4f),
                        Examples.unlabelled("unlabelled", new float[] {1f, 2f, 3f, 4f}),
                        Examples.unlabelled("unlabelled-nan", new float[] {1f, Float.NaN, 3f, 4f}));
        Path file = dir.resolve("unlabelled.avro");
        AvroTestFiles.write(file, examples);

        LoadedSplit split =
                DatasetLoader.load(
                        new SplitSource(null, null, file.toString()), "test", FEATURES, CLASSES, 0);

        assertThat(split.dataset().size()).isEqualTo(1);
        assertThat(split.rejected())
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        "has no label (label is null); examples in a training or test file need"
                                + " one",
                        "feature 1 is NaN");
        assertThat(split.rejected().get(0).getReason()).isEqualTo(DatasetLoader.NO_LABEL);
        assertThat(split.rejected().get(0).getSource()).isEqualTo("test:" + file + "#1");
        assertThat(AvroTestFiles.decodeExample(split.rejected().get(0).getPayload()))
                .isEqualTo(examples.get(1));
    }

    @Test
    void limitReadsOnlyTheFirstAvroRecords() throws IOException {
        Path file = dir.resolve("train.avro");
        AvroTestFiles.write(
                file,
                List.of(
                        example("a", 1, 1, 1, 1, 1),
                        example("b", 99, 2, 2, 2, 2),
                        example("c", 3, 3, 3, 3, 3)));

        LoadedSplit split =
                DatasetLoader.load(
                        new SplitSource(null, null, file.toString()),
                        "train",
                        FEATURES,
                        CLASSES,
                        2);

        assertThat(split.dataset().size()).isEqualTo(1);
        assertThat(split.rejected()).hasSize(1);
    }

    @Test
    void loadsMoreAvroExamplesThanTheInitialCapacity() throws IOException {
        List<Example> examples =
                IntStream.range(0, 10_000)
                        .mapToObj(i -> example("e" + i, i % CLASSES, i, 0, 0, 0))
                        .toList();
        Path file = dir.resolve("large.avro");
        AvroTestFiles.write(file, examples);

        Dataset dataset =
                DatasetLoader.load(
                                new SplitSource(null, null, file.toString()),
                                "train",
                                FEATURES,
                                CLASSES,
                                0)
                        .dataset();

        assertThat(dataset.size()).isEqualTo(10_000);
        assertThat(dataset.rows(new int[] {9_999})).containsExactly(9_999f, 0, 0, 0);
        assertThat(dataset.label(9_999)).isEqualTo(9);
    }

    @Test
    void rejectsAFileThatIsNotAvro() throws IOException {
        Path file = write("train.avro", "id,features,label\n".getBytes());

        assertThatThrownBy(
                        () ->
                                DatasetLoader.load(
                                        new SplitSource(null, null, file.toString()),
                                        "train",
                                        FEATURES,
                                        CLASSES,
                                        0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": not an Avro container file");
    }

    @Test
    void rejectsAvroRecordsOfAnotherSchema() throws IOException {
        Schema other =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Other\",\"fields\":"
                                        + "[{\"name\":\"x\",\"type\":\"int\"}]}");
        Path file = dir.resolve("other.avro");
        try (DataFileWriter<GenericRecord> writer =
                new DataFileWriter<>(new GenericDatumWriter<>(other))) {
            writer.create(other, file.toFile());
            GenericRecord record = new GenericData.Record(other);
            record.put("x", 1);
            writer.append(record);
        }

        assertThatThrownBy(
                        () ->
                                DatasetLoader.load(
                                        new SplitSource(null, null, file.toString()),
                                        "train",
                                        FEATURES,
                                        CLASSES,
                                        0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(
                        file + ": record 0 cannot be read as an io.photonflow.avro.Example");
    }

    @Test
    void reportsAMissingAvroFileWithItsPath() {
        Path file = dir.resolve("missing.avro");

        assertThatThrownBy(
                        () ->
                                DatasetLoader.load(
                                        new SplitSource(null, null, file.toString()),
                                        "train",
                                        FEATURES,
                                        CLASSES,
                                        0))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void rejectsAnIncompleteSource() {
        assertThatThrownBy(
                        () ->
                                DatasetLoader.load(
                                        new SplitSource("i.gz", null, null),
                                        "train",
                                        FEATURES,
                                        CLASSES,
                                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("train.labels is missing");
    }

    /** A gzip idx pair of 2x2 images, {@code FEATURES} pixels per label. */
    private SplitSource idxPair(byte[] pixels, int... labels) throws IOException {
        Path images = write("images.gz", gzip(images(labels.length, 2, 2, pixels)));
        Path labelFile = write("labels.gz", gzip(labels(labels)));
        return new SplitSource(images.toString(), labelFile.toString(), null);
    }

    private static GenericRecord v1Example(Schema v1, String id, int label, float... features) {
        GenericRecord record = new GenericData.Record(v1);
        record.put("id", id);
        List<Float> boxed = new ArrayList<>();
        for (float feature : features) {
            boxed.add(feature);
        }
        record.put("features", boxed);
        record.put("label", label);
        return record;
    }

    private static Example example(String id, int label, float... features) {
        return Examples.toExample(id, features, label);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
