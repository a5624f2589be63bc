package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.math.SoftmaxCrossEntropy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Examples a trained model is run on: each with an id, its features and its label, or {@link
 * SoftmaxCrossEntropy#UNLABELLED} where it has none. They are read as a training run reads a split
 * (the same pixel scaling of idx images, the same checks of every example, the same dead letters
 * for the ones that cannot be used), except that labels are optional: an idx image file may come
 * without its label file, and Avro examples without a label are kept.
 *
 * @param ids the id of every usable example: its {@code Example.id}, or {@code <images file>#<n>}
 *     for an idx image (as training's dead letters name them)
 * @param examples the usable examples, features as read (not yet scaled for a model)
 * @param rejected a dead letter for every example that cannot be used, with the reason
 */
public record ScoringExamples(String[] ids, Dataset examples, List<DeadLetter> rejected) {

    public ScoringExamples {
        if (ids.length != examples.size()) {
            throw new IllegalArgumentException(
                    ids.length + " ids for " + examples.size() + " examples");
        }
        rejected = List.copyOf(rejected);
    }

    /**
     * Reads the first {@code limit} records (all when {@code limit <= 0}) of an idx image file,
     * with its label file when {@code labels} is not null, or of an Avro file of {@code Example}
     * records.
     *
     * @param featureCount the model's input width; examples of another width are rejected, and when
     *     no example is left that is an error naming both widths
     * @param classes the model's classes; labels outside them are rejected
     */
    public static ScoringExamples load(
            SplitSource source, String name, int featureCount, int classes, int limit)
            throws IOException {
        ExampleValidator validator = new ExampleValidator(featureCount, classes);
        Rejections rejected = new Rejections(featureCount);
        ScoringExamples loaded =
                source.usesAvro()
                        ? loadAvro(Path.of(source.avro()), name, validator, rejected, limit)
                        : loadIdx(source, name, validator, rejected, featureCount, limit);
        if (loaded.size() == 0) {
            throw new IllegalArgumentException(noUsableExample(source, loaded, rejected));
        }
        return loaded;
    }

    /** Number of usable examples. */
    public int size() {
        return ids.length;
    }

    /** The examples that have a label, in order. */
    public ScoringExamples labelledOnly() {
        int[] rows = new int[size()];
        int kept = 0;
        for (int r = 0; r < size(); r++) {
            if (examples.label(r) != SoftmaxCrossEntropy.UNLABELLED) {
                rows[kept++] = r;
            }
        }
        if (kept == size()) {
            return this;
        }
        int[] labelled = Arrays.copyOf(rows, kept);
        String[] keptIds = new String[kept];
        for (int i = 0; i < kept; i++) {
            keptIds[i] = ids[labelled[i]];
        }
        int width = examples.featureCount();
        return new ScoringExamples(
                keptIds,
                new Dataset(examples.rows(labelled), examples.labels(labelled), width),
                rejected);
    }

    /** These examples with their features mapped by {@code scaling}, as the model was trained. */
    public ScoringExamples scaled(InputScaling scaling) {
        return new ScoringExamples(ids, scaling.apply(examples), rejected);
    }

    private static ScoringExamples loadIdx(
            SplitSource source,
            String name,
            ExampleValidator validator,
            Rejections rejected,
            int featureCount,
            int limit)
            throws IOException {
        Path imagesFile = Path.of(source.images());
        IdxImages images = IdxFiles.readImages(imagesFile);
        int[] labels =
                source.labels() == null
                        ? null
                        : IdxFiles.readLabels(Path.of(source.labels()), imagesFile, images);
        images.requireFeatureCount(imagesFile, featureCount, "the model's input");
        int count = limit > 0 ? Math.min(limit, images.count()) : images.count();
        Rows valid = new Rows();
        for (int i = 0; i < count; i++) {
            float[] row = new float[featureCount];
            images.features(i, row);
            int label = labels == null ? SoftmaxCrossEntropy.UNLABELLED : labels[i];
            String id = source.images() + "#" + i;
            Optional<String> problem = check(validator, row, label);
            if (problem.isEmpty()) {
                valid.add(id, row, label);
            } else {
                Example example = Examples.toExample(id, row, label);
                rejected.add(name + ":" + id, example, problem.get());
            }
        }
        return valid.build(rejected);
    }

    private static ScoringExamples loadAvro(
            Path file, String name, ExampleValidator validator, Rejections rejected, int limit)
            throws IOException {
        Rows valid = new Rows();
        ExampleFile.read(
                file,
                limit,
                (index, example) -> {
                    float[] features = Examples.features(example);
                    Integer label = example.getLabel();
                    int labelOrNone = label == null ? SoftmaxCrossEntropy.UNLABELLED : label;
                    Optional<String> problem = check(validator, features, labelOrNone);
                    if (problem.isEmpty()) {
                        valid.add(example.getId(), features, labelOrNone);
                    } else {
                        String where = name + ":" + file + "#" + index;
                        rejected.add(where, example, problem.get());
                    }
                });
        return valid.build(rejected);
    }

    private static Optional<String> check(ExampleValidator validator, float[] row, int label) {
        Optional<String> problem = validator.checkFeatures(row);
        if (problem.isEmpty() && label != SoftmaxCrossEntropy.UNLABELLED) {
            problem = validator.checkLabel(label);
        }
        return problem;
    }

    private static String noUsableExample(
            SplitSource source, ScoringExamples loaded, Rejections rejections) {
        String file = source.usesAvro() ? source.avro() : source.images();
        if (rejections.otherWidth >= 0) {
            return file
                    + ": its examples have "
                    + rejections.otherWidth
                    + " features but the model's input is "
                    + rejections.featureCount;
        }
        if (loaded.rejected().isEmpty()) {
            return file + ": holds no example";
        }
        String first = loaded.rejected().get(0).getReason();
        return file
                + ": no usable example ("
                + loaded.rejected().size()
                + " rejected; the first "
                + first
                + ")";
    }

    /**
     * The dead letters of a load, and the first width other than the model's met: examples of
     * another width throughout mean data for another network, which is an error, not dead letters.
     */
    private static final class Rejections {

        private final int featureCount;
        private final List<DeadLetter> letters = new ArrayList<>();
        private int otherWidth = -1;

        Rejections(int featureCount) {
            this.featureCount = featureCount;
        }

        void add(String where, Example example, String reason) {
            if (otherWidth < 0 && example.getFeatures().size() != featureCount) {
                otherWidth = example.getFeatures().size();
            }
            letters.add(DeadLetters.of(where, example, reason));
        }
    }

    /** The usable examples, gathered in order. */
    private static final class Rows {

        private final List<String> ids = new ArrayList<>();
        private final List<float[]> features = new ArrayList<>();
        private final List<Integer> labels = new ArrayList<>();
        private int width;

        void add(String id, float[] row, int label) {
            width = row.length;
            ids.add(id);
            features.add(row);
            labels.add(label);
        }

        ScoringExamples build(Rejections rejections) {
            float[] all = new float[Math.multiplyExact(features.size(), Math.max(width, 1))];
            int[] labelArray = new int[labels.size()];
            for (int r = 0; r < features.size(); r++) {
                System.arraycopy(features.get(r), 0, all, r * width, width);
                labelArray[r] = labels.get(r);
            }
            return new ScoringExamples(
                    ids.toArray(String[]::new),
                    new Dataset(all, labelArray, Math.max(width, 1)),
                    rejections.letters);
        }
    }
}
