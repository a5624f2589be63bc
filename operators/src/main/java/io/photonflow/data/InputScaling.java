package io.photonflow.data;

import java.io.Serializable;

/**
 * An affine map applied to every input feature, x' = (x - shift) / scale, fitted on the training
 * set and applied to every split (and recorded with the model, so that it is applied again when the
 * model is used).
 *
 * @param shift subtracted from every feature
 * @param scale what the shifted features are divided by
 */
public record InputScaling(float shift, float scale) implements Serializable {

    /** Leaves features as they are. */
    public static final InputScaling IDENTITY = new InputScaling(0f, 1f);

    /**
     * Zero mean and unit variance over all features of all examples of {@code dataset} (one shift
     * and one scale, as is usual for images). Summed in a fixed order, in double.
     */
    public static InputScaling standardizing(Dataset dataset) {
        float[] all = dataset.rows(allRows(dataset));
        double sum = 0;
        for (float value : all) {
            sum += value;
        }
        double mean = sum / all.length;
        double squares = 0;
        for (float value : all) {
            squares += (value - mean) * (value - mean);
        }
        double deviation = Math.sqrt(squares / all.length);
        return new InputScaling((float) mean, deviation > 0 ? (float) deviation : 1f);
    }

    /** {@code dataset} with its features mapped, as a new dataset. */
    public Dataset apply(Dataset dataset) {
        if (equals(IDENTITY)) {
            return dataset;
        }
        int[] rows = allRows(dataset);
        float[] features = dataset.rows(rows);
        applyInPlace(features);
        return new Dataset(features, dataset.labels(rows), dataset.featureCount());
    }

    /**
     * Maps {@code features} in place, with the float arithmetic of {@link #apply(Dataset)}: a
     * stream's examples are scaled exactly as a file's are.
     */
    public void applyInPlace(float[] features) {
        if (equals(IDENTITY)) {
            return;
        }
        for (int i = 0; i < features.length; i++) {
            features[i] = (features[i] - shift) / scale;
        }
    }

    private static int[] allRows(Dataset dataset) {
        int[] rows = new int[dataset.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
