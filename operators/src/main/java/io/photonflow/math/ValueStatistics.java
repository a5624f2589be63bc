package io.photonflow.math;

/**
 * Summary figures of a parameter array (a layer's W or b), in double: its Euclidean (for a matrix,
 * Frobenius) norm, mean and standard deviation (over the values, dividing by their number).
 *
 * @param count number of values
 * @param norm square root of the sum of squares
 * @param mean arithmetic mean; NaN for no values
 * @param standardDeviation population standard deviation; NaN for no values
 * @param min smallest value; NaN for no values
 * @param max largest value; NaN for no values
 */
public record ValueStatistics(
        int count, double norm, double mean, double standardDeviation, double min, double max) {

    /** The figures of {@code values}. */
    public static ValueStatistics of(float[] values) {
        if (values.length == 0) {
            return new ValueStatistics(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        double squares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float value : values) {
            sum += value;
            squares += (double) value * value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double mean = sum / values.length;
        // Deviations from the mean in a second pass: sum of squares minus n mean^2 cancels badly.
        double deviations = 0;
        for (float value : values) {
            deviations += (value - mean) * (value - mean);
        }
        return new ValueStatistics(
                values.length,
                Math.sqrt(squares),
                mean,
                Math.sqrt(deviations / values.length),
                min,
                max);
    }
}
