package io.photonflow.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the examples that would rule a standardization: those with a feature more than {@value
 * #FACTOR} times the largest feature (in magnitude) of a typical example, the median over the
 * examples. Standardizing fits one shift and one scale to all features of all examples; a single
 * value far beyond the others makes the deviation its own, and every other feature then maps to
 * about the same number (one feature of 3e38 among 6,000 Fashion-MNIST images turns them all into
 * one constant). The median is robust: up to half of the examples can be outliers and still be
 * found. Examples whose features are all zero are left out of the median, which would be zero for a
 * sparse data set.
 *
 * <p>Fed one example at a time, as a loader reads them; it keeps one number per example.
 */
public final class FeatureOutliers {

    /** How many times the typical largest feature a feature may be before its example is out. */
    public static final double FACTOR = 1000;

    private float[] largest = new float[1024];
    private int[] where = new int[1024];
    private int examples;

    /** An example found to be an outlier, with the feature that makes it one. */
    public record Outlier(int example, int feature, float value, double typical) {

        /** The dead letter's reason. */
        public String reason() {
            return "feature "
                    + feature
                    + " is "
                    + value
                    + ", over "
                    + (long) FACTOR
                    + " times the largest feature of a typical training example ("
                    + (float) typical
                    + ", the median): standardization would follow it alone";
        }
    }

    /** Notes the next example's features (examples are numbered from 0 in the order added). */
    public void add(float[] features) {
        if (examples == largest.length) {
            largest = Arrays.copyOf(largest, 2 * examples);
            where = Arrays.copyOf(where, 2 * examples);
        }
        int at = 0;
        for (int i = 1; i < features.length; i++) {
            if (Math.abs(features[i]) > Math.abs(features[at])) {
                at = i;
            }
        }
        largest[examples] = features.length == 0 ? 0 : features[at];
        where[examples] = at;
        examples++;
    }

    /** The outliers among the examples added so far, in order; none when all are zero. */
    public List<Outlier> find() {
        double[] nonzero = new double[examples];
        int count = 0;
        for (int e = 0; e < examples; e++) {
            if (largest[e] != 0) {
                nonzero[count++] = Math.abs((double) largest[e]);
            }
        }
        List<Outlier> outliers = new ArrayList<>();
        if (count == 0) {
            return outliers;
        }
        Arrays.sort(nonzero, 0, count);
        double typical =
                count % 2 == 1
                        ? nonzero[count / 2]
                        : (nonzero[count / 2 - 1] + nonzero[count / 2]) / 2;
        for (int e = 0; e < examples; e++) {
            if (Math.abs((double) largest[e]) > FACTOR * typical) {
                outliers.add(new Outlier(e, where[e], largest[e], typical));
            }
        }
        return outliers;
    }
}
