package io.photonflow.jobs.report;

import java.util.Arrays;

/**
 * One line of a plot: a name and its points, x ascending as recorded.
 *
 * @param name the legend entry
 * @param x the abscissae
 * @param y the ordinates, as many as {@code x}
 */
public record Series(String name, double[] x, double[] y) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    name + ": " + x.length + " x values but " + y.length + " y values");
        }
    }

    public int size() {
        return x.length;
    }

    public boolean isEmpty() {
        return x.length == 0;
    }

    /**
     * The exponential moving average of y with {@code weight} on the past (TensorBoard's
     * smoothing), debiased so that the first points are not pulled towards zero: s_i = m_i / (1 -
     * weight^(i+1)) where m_i = weight m_(i-1) + (1 - weight) y_i and m_(-1) = 0.
     */
    public Series smoothed(String smoothedName, double weight) {
        if (weight < 0 || weight >= 1) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        double[] smooth = new double[y.length];
        double average = 0;
        double debias = 1;
        for (int i = 0; i < y.length; i++) {
            average = weight * average + (1 - weight) * y[i];
            debias *= weight;
            smooth[i] = average / (1 - debias);
        }
        return new Series(smoothedName, x, smooth);
    }

    /**
     * At most about {@code maxPoints} of the points: every k-th from the first, and the last, so
     * that a long run draws quickly and its SVG stays small.
     */
    public Series thinned(int maxPoints) {
        if (x.length <= maxPoints) {
            return this;
        }
        int every = (x.length + maxPoints - 1) / maxPoints;
        int kept = (x.length - 1) / every + 1;
        boolean lastKept = (x.length - 1) % every == 0;
        double[] thinX = new double[lastKept ? kept : kept + 1];
        double[] thinY = new double[thinX.length];
        for (int i = 0; i < kept; i++) {
            thinX[i] = x[i * every];
            thinY[i] = y[i * every];
        }
        thinX[thinX.length - 1] = x[x.length - 1];
        thinY[thinY.length - 1] = y[y.length - 1];
        return new Series(name, thinX, thinY);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series series
                && name.equals(series.name)
                && Arrays.equals(x, series.x)
                && Arrays.equals(y, series.y);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(x)) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(x) + " -> " + Arrays.toString(y);
    }
}
