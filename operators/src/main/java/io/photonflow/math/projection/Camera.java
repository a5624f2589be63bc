package io.photonflow.math.projection;

import java.util.SplittableRandom;

/**
 * The camera: an intensity becomes gain x electronsPerCount photoelectrons on average (gain in
 * counts per unit intensity, electronsPerCount = full well / largest count), Poisson-distributed
 * with shot noise (drawn exactly below {@value #EXACT_POISSON_BELOW} electrons, as a Gaussian of
 * equal mean and variance above); the read-out adds Gaussian read noise; the pixel clips at the
 * full well (the largest count) and the converter rounds to the nearest count.
 */
final class Camera {

    /**
     * Mean photoelectrons below which shot noise is drawn exactly; above, the mean lies more than
     * 3σ above zero and a Gaussian fits the Poisson distribution well.
     */
    static final float EXACT_POISSON_BELOW = 10;

    /**
     * Ends the inversion where rounding would keep the cumulative probability below u: P(N &gt; 64)
     * for N ~ Poisson(10) is below 1e-29.
     */
    private static final int MAX_DIM_ELECTRONS = 64;

    /** 1.5 x 2^23: adding and subtracting it rounds a float below 2^22 to an integer. */
    private static final float ROUNDING = 0x1.8p23f;

    private final double gain;
    private final float countGain;
    private final float maxCount;
    private final float electronsPerCount;
    private final boolean shotNoise;
    private final float readNoise;
    private final float[] deviates;
    private final int[] dimPixels;
    private final double[] dimMean;
    private final double[] dimUniform;
    private final double[] dimProbability;
    private final double[] dimCumulative;
    private final double[] dimElectrons;

    /** A camera of {@code pixels} pixels with the given gain and the sensor of settings. */
    Camera(OpuSettings settings, double gain, int pixels) {
        this.gain = gain;
        this.countGain = (float) gain;
        this.maxCount = settings.maxCount();
        this.electronsPerCount = (float) (settings.fullWell() / settings.maxCount());
        this.shotNoise = settings.shotNoise();
        this.readNoise = (float) settings.readNoise();
        this.deviates = new float[pixels];
        this.dimPixels = new int[pixels];
        this.dimMean = new double[pixels];
        this.dimUniform = new double[pixels];
        this.dimProbability = new double[pixels];
        this.dimCumulative = new double[pixels];
        this.dimElectrons = new double[pixels];
    }

    /** Counts per unit intensity. */
    double gain() {
        return gain;
    }

    /** Counts of one frame of {@code intensity}; noiseless when {@code noise} is null. */
    void expose(float[] intensity, float[] counts, SplittableRandom noise) {
        int pixels = intensity.length;
        if (noise == null) {
            for (int j = 0; j < pixels; j++) {
                counts[j] = convert(countGain * intensity[j]);
            }
            return;
        }
        NormalDeviates.fill(noise, deviates, pixels);
        // Shot noise in counts has variance mean / electronsPerCount; read noise adds in
        // quadrature.
        float shotFactor = shotNoise ? 1 / electronsPerCount : 0;
        float readVariance = readNoise * readNoise;
        for (int j = 0; j < pixels; j++) {
            float mean = countGain * intensity[j];
            float sigma = (float) Math.sqrt(mean * shotFactor + readVariance);
            counts[j] = convert(mean + sigma * deviates[j]);
        }
        if (shotNoise) {
            redrawDimPixels(intensity, counts, noise);
        }
    }

    /**
     * Replaces the Gaussian shot noise of pixels below {@value #EXACT_POISSON_BELOW} photoelectrons
     * by exact Poisson draws, by inversion: N = the number of k &gt;= 1 with u &gt; P(N &lt;= k -
     * 1), for a uniform u. All dim pixels of the frame take the steps in k together, so that the
     * vector units take them.
     */
    private void redrawDimPixels(float[] intensity, float[] counts, SplittableRandom noise) {
        // Which pixels are dim is a coin flip per pixel: listing them without a branch
        // spares a misprediction each.
        float dim = EXACT_POISSON_BELOW / (countGain * electronsPerCount);
        int count = 0;
        for (int j = 0; j < intensity.length; j++) {
            dimPixels[count] = j;
            count += intensity[j] < dim ? 1 : 0;
        }
        for (int p = 0; p < count; p++) {
            double mean = countGain * intensity[dimPixels[p]] * electronsPerCount;
            dimMean[p] = mean;
            dimUniform[p] = noise.nextDouble();
            // StrictMath: Math.exp may differ in the last bit between interpreted and compiled
            // code, and a replayed or reference run must draw the same electrons.
            dimProbability[p] = StrictMath.exp(-mean);
            dimCumulative[p] = dimProbability[p];
            dimElectrons[p] = 0;
        }
        for (int k = 1; k <= MAX_DIM_ELECTRONS && anyUndecided(count); k++) {
            double inverse = 1.0 / k;
            for (int p = 0; p < count; p++) {
                // ceil(u - F) is 1 where u > F, else 0 or -1: a comparison in arithmetic.
                dimElectrons[p] += Math.max(0.0, Math.ceil(dimUniform[p] - dimCumulative[p]));
                dimProbability[p] *= dimMean[p] * inverse;
                dimCumulative[p] += dimProbability[p];
            }
        }
        for (int p = 0; p < count; p++) {
            int j = dimPixels[p];
            counts[j] =
                    convert(
                            (float) (dimElectrons[p] / electronsPerCount)
                                    + readNoise * deviates[j]);
        }
    }

    /** Whether some dim pixel still has u above its cumulative probability. */
    private boolean anyUndecided(int count) {
        for (int p = 0; p < count; p++) {
            if (dimUniform[p] > dimCumulative[p]) {
                return true;
            }
        }
        return false;
    }

    /** Clips to the full well and rounds to the nearest count. */
    private float convert(float analog) {
        float clipped = Math.min(maxCount, Math.max(0f, analog));
        return clipped + ROUNDING - ROUNDING;
    }
}
