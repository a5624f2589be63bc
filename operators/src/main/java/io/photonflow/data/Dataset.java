package io.photonflow.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled examples in memory: dense float features, row-major, and one class label per row.
 *
 * <p>The dataset takes ownership of the arrays given to its constructor and never changes them;
 * callers must not change them either. Copying them instead would double the peak memory of loading
 * a large split. Everything it hands out is a fresh copy.
 */
public final class Dataset {

    private final float[] features;
    private final int[] labels;
    private final int featureCount;

    /**
     * @param features {@code labels.length * featureCount} values, example after example
     * @param labels the class of each example
     * @param featureCount features per example
     */
    public Dataset(float[] features, int[] labels, int featureCount) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (featureCount <= 0) {
            throw new IllegalArgumentException(
                    "featureCount must be positive, got " + featureCount);
        }
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException(
                    labels.length
                            + " examples of "
                            + featureCount
                            + " features need "
                            + (long) labels.length * featureCount
                            + " values, got "
                            + features.length);
        }
        this.features = features;
        this.labels = labels;
        this.featureCount = featureCount;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    public int featureCount() {
        return featureCount;
    }

    public int label(int row) {
        return labels[Objects.checkIndex(row, labels.length)];
    }

    /** The labels of the given rows, in the given order. */
    public int[] labels(int[] rows) {
        int[] gathered = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            gathered[i] = label(rows[i]);
        }
        return gathered;
    }

    /** The features of the given rows, in the given order: {@code rows.length * featureCount}. */
    public float[] rows(int[] rows) {
        float[] gathered = new float[Math.multiplyExact(rows.length, featureCount)];
        for (int i = 0; i < rows.length; i++) {
            int row = Objects.checkIndex(rows[i], labels.length);
            System.arraycopy(
                    features, row * featureCount, gathered, i * featureCount, featureCount);
        }
        return gathered;
    }

    /** The examples from {@code from} (inclusive) to {@code to} (exclusive), as a new dataset. */
    public Dataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        return new Dataset(
                Arrays.copyOfRange(features, from * featureCount, to * featureCount),
                Arrays.copyOfRange(labels, from, to),
                featureCount);
    }

    /** The first {@code n} examples; this dataset itself when it has no more than {@code n}. */
    public Dataset head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        return new Dataset(
                Arrays.copyOf(features, n * featureCount), Arrays.copyOf(labels, n), featureCount);
    }
}
