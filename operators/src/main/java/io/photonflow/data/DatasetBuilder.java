package io.photonflow.data;

import java.util.Arrays;

/** Collects the valid examples of a split into the flat arrays a {@link Dataset} is made of. */
final class DatasetBuilder {

    private final int featureCount;
    private float[] features;
    private int[] labels;
    private int size;

    /** {@code expectedRows} is a capacity hint; exceeding it grows the arrays. */
    DatasetBuilder(int featureCount, int expectedRows) {
        this.featureCount = featureCount;
        this.features = new float[Math.multiplyExact(expectedRows, featureCount)];
        this.labels = new int[expectedRows];
    }

    /** Appends a copy of {@code row}, which must hold exactly {@code featureCount} values. */
    void add(float[] row, int label) {
        if (size == labels.length) {
            grow();
        }
        System.arraycopy(row, 0, features, size * featureCount, featureCount);
        labels[size] = label;
        size++;
    }

    Dataset build() {
        if (size == labels.length) {
            return new Dataset(features, labels, featureCount);
        }
        return new Dataset(
                Arrays.copyOf(features, size * featureCount),
                Arrays.copyOf(labels, size),
                featureCount);
    }

    private void grow() {
        int rows = Math.max(16, labels.length + (labels.length >> 1));
        features = Arrays.copyOf(features, Math.multiplyExact(rows, featureCount));
        labels = Arrays.copyOf(labels, rows);
    }
}
