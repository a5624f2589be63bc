package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads a split into memory. Every example is validated; the valid ones form the {@link Dataset},
 * and each invalid one becomes a {@link DeadLetter} whose source is {@code <split>:<file>#<index>}
 * (0-based position in the file) and whose payload is the example in Avro binary encoding. An
 * example without a label is invalid here ({@link #NO_LABEL}). Avro files written with any earlier
 * version of the Example schema are read, resolved to the current one. A file that cannot be read
 * as a whole (one cut short included, see {@link ExampleFile}) is an error, not a dead letter.
 */
public final class DatasetLoader {

    /**
     * The reason given for an unlabelled example in a file: the schema allows them (streams carry
     * examples to predict on), training and testing do not.
     */
    public static final String NO_LABEL =
            "has no label (label is null); examples in a training or test file need one";

    private static final int AVRO_ROWS_HINT = 1 << 12;

    private DatasetLoader() {}

    /**
     * @param splitName name of the split, used in dead letter sources and config messages
     * @param featureCount the network's input width
     * @param classes the network's number of classes
     * @param limit when positive, only the first {@code limit} records of the file are read,
     *     rejected ones included; otherwise all of them
     */
    public static LoadedSplit load(
            SplitSource source, String splitName, int featureCount, int classes, int limit)
            throws IOException {
        List<String> problems = source.problems(splitName);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        ExampleValidator validator = new ExampleValidator(featureCount, classes);
        return source.usesAvro()
                ? loadAvro(source.avro(), splitName, validator, featureCount, limit)
                : loadIdx(source, splitName, validator, featureCount, limit);
    }

    private static LoadedSplit loadIdx(
            SplitSource source,
            String splitName,
            ExampleValidator validator,
            int featureCount,
            int limit)
            throws IOException {
        Path imagesFile = Path.of(source.images());
        Path labelsFile = Path.of(source.labels());
        IdxImages images = IdxFiles.readImages(imagesFile);
        int[] labels = IdxFiles.readLabels(labelsFile, imagesFile, images);
        images.requireFeatureCount(imagesFile, featureCount, "the network input");
        int count = limit > 0 ? Math.min(limit, images.count()) : images.count();
        DatasetBuilder valid = new DatasetBuilder(featureCount, count);
        List<DeadLetter> rejected = new ArrayList<>();
        float[] row = new float[featureCount];
        for (int i = 0; i < count; i++) {
            images.features(i, row);
            Optional<String> problem = validator.check(row, labels[i]);
            if (problem.isEmpty()) {
                valid.add(row, labels[i]);
            } else {
                // Only rejected rows become Example records: boxing every pixel would not scale.
                String id = source.images() + "#" + i;
                Example example = Examples.toExample(id, row, labels[i]);
                rejected.add(DeadLetters.of(splitName + ":" + id, example, problem.get()));
            }
        }
        return new LoadedSplit(valid.build(), rejected);
    }

    private static LoadedSplit loadAvro(
            String avro, String splitName, ExampleValidator validator, int featureCount, int limit)
            throws IOException {
        DatasetBuilder valid = new DatasetBuilder(featureCount, AVRO_ROWS_HINT);
        List<DeadLetter> rejected = new ArrayList<>();
        ExampleFile.read(
                Path.of(avro),
                limit,
                (index, example) -> {
                    float[] features = Examples.features(example);
                    Integer label = example.getLabel();
                    Optional<String> problem = validator.checkFeatures(features);
                    if (problem.isEmpty()) {
                        problem =
                                label == null ? Optional.of(NO_LABEL) : validator.checkLabel(label);
                    }
                    if (problem.isEmpty()) {
                        valid.add(features, label);
                    } else {
                        String where = splitName + ":" + avro + "#" + index;
                        rejected.add(DeadLetters.of(where, example, problem.get()));
                    }
                });
        return new LoadedSplit(valid.build(), rejected);
    }
}
