package io.photonflow.data;

/** Labelled examples with dense float features, row-major; immutable. */
public final class Dataset {

    private final float[] features;
    private final int[] labels;
    private final int featureCount;

    /**
     * @param features size x featureCount values, row-major (not copied: do not modify)
     * @param labels one class per example (not copied)
     * @param featureCount features per example
     */
    public Dataset(float[] features, int[] labels, int featureCount) {
        if (featureCount <= 0 || features.length != (long) labels.length * featureCount) {
            throw new IllegalArgumentException(
                    labels.length + " examples of " + featureCount + " features need "
                            + (long) labels.length * featureCount + " values, got "
                            + features.length);
        }
        this.features = features;
        this.labels = labels;
        this.featureCount = featureCount;
    }

    public int size() {
        return labels.length;
    }

    public int featureCount() {
        return featureCount;
    }

    public int label(int row) {
        return labels[row];
    }

    /** The labels of {@code rows}, in that order. */
    public int[] labels(int[] rows) {
        int[] selected = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = labels[rows[i]];
        }
        return selected;
    }

    /** The features of {@code rows}, in that order, as a new row-major array. */
    public float[] rows(int[] rows) {
        float[] selected = new float[rows.length * featureCount];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * featureCount, selected, i * featureCount, featureCount);
        }
        return selected;
    }

    /** The first {@code n} examples. */
    public Dataset head(int n) {
        if (n >= size()) {
            return this;
        }
        float[] headFeatures = new float[n * featureCount];
        System.arraycopy(features, 0, headFeatures, 0, headFeatures.length);
        int[] headLabels = new int[n];
        System.arraycopy(labels, 0, headLabels, 0, n);
        return new Dataset(headFeatures, headLabels, featureCount);
    }
}
