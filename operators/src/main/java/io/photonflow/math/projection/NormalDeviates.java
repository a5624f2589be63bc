package io.photonflow.math.projection;

import java.util.SplittableRandom;

/**
 * Standard normal deviates, four from each 64-bit draw: 16 random bits pick one of 65,536 equally
 * likely quantiles of N(0, 1), (i + 1/2) / 65,536 for i &lt; 65,536, scaled to unit variance. In
 * distribution this is N(0, 1) resolved to 1/65,536 in probability, its tails cut at 4.3σ; it costs
 * a quarter of {@link SplittableRandom#nextGaussian()}'s draw and a table read, where nextGaussian
 * would take most of a noisy projection's time.
 */
final class NormalDeviates {

    private static final float[] QUANTILES = quantiles(1 << 16);

    static void fill(SplittableRandom random, float[] target, int count) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            long bits = random.nextLong();
            target[j] = QUANTILES[(int) (bits & 0xFFFF)];
            target[j + 1] = QUANTILES[(int) ((bits >>> 16) & 0xFFFF)];
            target[j + 2] = QUANTILES[(int) ((bits >>> 32) & 0xFFFF)];
            target[j + 3] = QUANTILES[(int) (bits >>> 48)];
        }
        for (; j < count; j++) {
            target[j] = QUANTILES[random.nextInt(QUANTILES.length)];
        }
    }

    private static float[] quantiles(int count) {
        double[] values = new double[count];
        double squares = 0;
        for (int i = 0; i < count; i++) {
            values[i] = inverseNormal((i + 0.5) / count);
            squares += values[i] * values[i];
        }
        double scale = Math.sqrt(count / squares);
        float[] quantiles = new float[count];
        for (int i = 0; i < count; i++) {
            quantiles[i] = (float) (values[i] * scale);
        }
        return quantiles;
    }

    /**
     * The standard normal quantile function, by P. J. Acklam's rational approximations (relative
     * error below 1.2e-9), in StrictMath so that every JVM builds the same table.
     */
    private static double inverseNormal(double p) {
        double low = 0.02425;
        double x;
        if (p < low) {
            double q = Math.sqrt(-2 * StrictMath.log(p));
            x = tail(q);
        } else if (p > 1 - low) {
            double q = Math.sqrt(-2 * StrictMath.log(1 - p));
            x = -tail(q);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x =
                    (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r
                                                                                    - 2.759285104469687e+02)
                                                                            * r
                                                                    + 1.383577518672690e+02)
                                                            * r
                                                    - 3.066479806614716e+01)
                                            * r
                                    + 2.506628277459239e+00)
                            * q
                            / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r
                                                                                    - 1.556989798598866e+02)
                                                                            * r
                                                                    + 6.680131188771972e+01)
                                                            * r
                                                    - 1.328068155288572e+01)
                                            * r
                                    + 1);
        }
        return x;
    }

    private static double tail(double q) {
        return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00)
                                                                * q
                                                        - 2.549732539343734e+00)
                                                * q
                                        + 4.374664141464968e+00)
                                * q
                        + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q
                                                        + 2.445134137142996e+00)
                                                * q
                                        + 3.754408661907416e+00)
                                * q
                        + 1);
    }
}
