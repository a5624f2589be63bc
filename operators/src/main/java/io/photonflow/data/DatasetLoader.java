package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

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
        return load(source, splitName, featureCount, classes, limit, false);
    }

    /**
     * As {@link #load(SplitSource, String, int, int, int)}; with {@code rejectOutliers}, the
     * examples that would rule a standardization fitted on the split ({@link FeatureOutliers}) are
     * dead letters too, after the others. Only an Avro file can hold such examples: idx pixels lie
     * in [0, 1].
     */
    public static LoadedSplit load(
            SplitSource source,
            String splitName,
            int featureCount,
            int classes,
            int limit,
            boolean rejectOutliers)
            throws IOException {
        List<String> problems = source.problems(splitName);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        ExampleValidator validator = new ExampleValidator(featureCount, classes);
        return source.usesAvro()
                ? loadAvro(source.avro(), splitName, validator, featureCount, limit, rejectOutliers)
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
            String avro,
            String splitName,
            ExampleValidator validator,
            int featureCount,
            int limit,
            boolean rejectOutliers)
            throws IOException {
        DatasetBuilder valid = new DatasetBuilder(featureCount, AVRO_ROWS_HINT);
        List<DeadLetter> rejected = new ArrayList<>();
        FeatureOutliers outliers = new FeatureOutliers();
        IntStream.Builder positions = IntStream.builder();
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
                        if (rejectOutliers) {
                            outliers.add(features);
                            positions.add(index);
                        }
                    } else {
                        rejected.add(
                                DeadLetters.of(
                                        source(splitName, avro, index), example, problem.get()));
                    }
                });
        LoadedSplit loaded = new LoadedSplit(valid.build(), rejected);
        return rejectOutliers
                ? withoutOutliers(
                        loaded, avro, splitName, outliers.find(), positions.build().toArray())
                : loaded;
    }

    /**
     * {@code loaded} without the {@code outliers}, which become dead letters of their records as
     * the file holds them (read again: outliers are rare, and keeping every record until they are
     * known would not scale).
     *
     * @param positions the position in the file of each example of {@code loaded}
     */
    private static LoadedSplit withoutOutliers(
            LoadedSplit loaded,
            String avro,
            String splitName,
            List<FeatureOutliers.Outlier> outliers,
            int[] positions)
            throws IOException {
        if (outliers.isEmpty()) {
            return loaded;
        }
        Map<Integer, String> reasons = new HashMap<>();
        boolean[] out = new boolean[positions.length];
        for (FeatureOutliers.Outlier outlier : outliers) {
            reasons.put(positions[outlier.example()], outlier.reason());
            out[outlier.example()] = true;
        }
        List<DeadLetter> rejected = new ArrayList<>(loaded.rejected());
        int last = positions[outliers.get(outliers.size() - 1).example()];
        ExampleFile.read(
                Path.of(avro),
                last + 1,
                (index, example) -> {
                    String reason = reasons.get(index);
                    if (reason != null) {
                        rejected.add(
                                DeadLetters.of(source(splitName, avro, index), example, reason));
                    }
                });
        int[] kept = IntStream.range(0, positions.length).filter(e -> !out[e]).toArray();
        Dataset dataset = loaded.dataset();
        return new LoadedSplit(
                new Dataset(dataset.rows(kept), dataset.labels(kept), dataset.featureCount()),
                rejected);
    }

    /** A dead letter's source: {@code <split>:<file>#<index>}. */
    private static String source(String splitName, String file, int index) {
        return splitName + ":" + file + "#" + index;
    }
}
