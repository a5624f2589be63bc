package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Loads one split from its files, keeping the usable examples and turning every unusable one into
 * a dead letter with the reason. Pixels of idx images are scaled to [0, 1].
 */
public final class DatasetLoader {

    private DatasetLoader() {}

    /**
     * @param source the split's files
     * @param splitName "train" or "test", recorded in dead letters
     * @param featureCount the network's input width
     * @param classes the network's number of classes
     * @param limit read only the first {@code limit} records of the file (rejected ones count);
     *     0 or less reads all
     */
    public static LoadedSplit load(
            SplitSource source, String splitName, int featureCount, int classes, int limit)
            throws IOException {
        ExampleValidator validator = new ExampleValidator(featureCount, classes);
        return source.isAvro()
                ? loadAvro(Path.of(source.avro()), splitName, validator, featureCount, limit)
                : loadIdx(
                        Path.of(source.images()),
                        Path.of(source.labels()),
                        splitName,
                        validator,
                        featureCount,
                        limit);
    }

    private static LoadedSplit loadIdx(
            Path imagesFile,
            Path labelsFile,
            String splitName,
            ExampleValidator validator,
            int featureCount,
            int limit)
            throws IOException {
        IdxImages images = IdxFiles.readImages(imagesFile);
        int[] labels = IdxFiles.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new DataFormatException(
                    imagesFile,
                    "holds " + images.count() + " images but " + labelsFile + " holds "
                            + labels.length + " labels");
        }
        if (images.pixelsPerImage() != featureCount) {
            throw new IllegalArgumentException(
                    imagesFile + ": images are " + images.rows() + "x" + images.cols() + " = "
                            + images.pixelsPerImage() + " features but the network input is "
                            + featureCount);
        }
        int count = limit > 0 ? Math.min(limit, images.count()) : images.count();
        Rows rows = new Rows(featureCount, count);
        List<DeadLetter> rejected = new ArrayList<>();
        float[] row = new float[featureCount];
        byte[] pixels = images.pixels();
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < featureCount; j++) {
                row[j] = Byte.toUnsignedInt(pixels[i * featureCount + j]) / 255f;
            }
            Optional<String> problem = validator.check(row, labels[i]);
            if (problem.isPresent()) {
                String id = imagesFile + "#" + i;
                rejected.add(
                        DeadLetters.of(
                                splitName + ":" + id,
                                new Example(id, boxed(row), labels[i]),
                                problem.get()));
            } else {
                rows.add(row, labels[i]);
            }
        }
        return new LoadedSplit(rows.toDataset(), rejected);
    }

    private static LoadedSplit loadAvro(
            Path file, String splitName, ExampleValidator validator, int featureCount, int limit)
            throws IOException {
        Rows rows = new Rows(featureCount, 1024);
        List<DeadLetter> rejected = new ArrayList<>();
        try (DataFileReader<Example> reader =
                new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Example.class))) {
            long index = 0;
            Example example = null;
            while (reader.hasNext() && (limit <= 0 || index < limit)) {
                example = reader.next(example);
                float[] features = unboxed(example.getFeatures());
                Optional<String> problem = validator.check(features, example.getLabel());
                if (problem.isPresent()) {
                    rejected.add(
                            DeadLetters.of(
                                    splitName + ":" + file + "#" + index,
                                    Example.newBuilder(example).build(),
                                    problem.get()));
                } else {
                    rows.add(features, example.getLabel());
                }
                index++;
            }
        } catch (AvroRuntimeException e) {
            throw new DataFormatException(
                    file, "not readable as Avro Example records: " + e.getMessage());
        } catch (FileNotFoundException | NoSuchFileException missing) {
            throw missing;
        } catch (IOException e) {
            throw new DataFormatException(file, "not an Avro container file: " + e.getMessage());
        }
        return new LoadedSplit(rows.toDataset(), rejected);
    }

    private static List<Float> boxed(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float value : values) {
            list.add(value);
        }
        return list;
    }

    private static float[] unboxed(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    /** Accepted examples, gathered into growing primitive arrays. */
    private static final class Rows {
        private final int featureCount;
        private float[] features;
        private int[] labels;
        private int size;

        Rows(int featureCount, int capacity) {
            this.featureCount = featureCount;
            this.features = new float[Math.max(1, capacity) * featureCount];
            this.labels = new int[Math.max(1, capacity)];
        }

        void add(float[] row, int label) {
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, size * 2);
                features = Arrays.copyOf(features, size * 2 * featureCount);
            }
            System.arraycopy(row, 0, features, size * featureCount, featureCount);
            labels[size++] = label;
        }

        Dataset toDataset() {
            return new Dataset(
                    features.length == size * featureCount
                            ? features
                            : Arrays.copyOf(features, size * featureCount),
                    labels.length == size ? labels : Arrays.copyOf(labels, size),
                    featureCount);
        }
    }
}
