package io.photonflow.math.projection;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical settings of a simulated optical processing unit ({@link OpuSimulator}).
 *
 * <p>Units: intensity is measured in the mean intensity one lit micromirror produces at one camera
 * pixel (the transmission matrix has E|R_ij|² = 1); counts are the camera's digital output, 0 to
 * 2^bitDepth - 1; the full well maps to the largest count.
 *
 * @param ternarization how the error becomes the ternary input of the micromirrors: stochastic
 *     (unbiased dithering) or threshold
 * @param threshold under threshold ternarization, relative to the largest |e| of each error row: an
 *     entry becomes +1 above {@code threshold * max|e|}, -1 below its negative, 0 otherwise; in [0,
 *     1), so the largest entry always passes
 * @param anchorPixels micromirrors lit as the holographic reference field, apart from the inputSize
 *     that show the error
 * @param gain camera counts per unit intensity; 0 for automatic exposure, which puts the brightest
 *     pixel of the anchor-only frame at {@link OpuSimulator#AUTO_GAIN_FILL} of full scale
 * @param fullWell photoelectrons a pixel holds at the largest count: sets the shot noise
 * @param bitDepth bits of the camera's analog-to-digital converter, 1 to 16
 * @param shotNoise whether photoelectron counts are Poisson-distributed
 * @param readNoise standard deviation of the camera's read noise, in counts; 0 for none
 * @param frameRate camera frames per second (the published device: about 1,500)
 * @param powerWatts electrical power the device draws while it runs (the published device: 30)
 * @param noiseSeed seed of the shot and read noise and of the dithering, apart from the
 *     transmission matrix's seed
 */
public record OpuSettings(
        Ternarization ternarization,
        double threshold,
        int anchorPixels,
        double gain,
        double fullWell,
        int bitDepth,
        boolean shotNoise,
        double readNoise,
        double frameRate,
        double powerWatts,
        long noiseSeed)
        implements Serializable {

    /** How the error is ternarized. */
    public enum Ternarization {
        /**
         * Entry i becomes sign(e_i) with probability |e_i| / max|e| of its row, else 0, and the row
         * is scaled by max|e|: an unbiased estimate of the error.
         */
        STOCHASTIC,
        /** Entries beyond threshold x max|e| become their sign, the row keeps the error's norm. */
        THRESHOLD
    }

    /**
     * The published device (Launay et al. 2020): an 8-bit camera at 1,500 frames/s, 30 W, shot
     * noise on; a 10,000-electron full well and half a count of read noise are typical of such
     * cameras. Automatic exposure; 16 anchor micromirrors, more than the inputs lit at once for ten
     * classes (more anchor light saturates less but leaves less of the camera's range to the
     * signal); stochastic ternarization (under a threshold, a quarter of the largest error leaves
     * about two non-zero entries of a softmax error, the ternary error at cosine 0.91 with the
     * error on average: 0.55 at threshold 0, 0.93 at 0.5).
     */
    public static OpuSettings defaults() {
        return new OpuSettings(
                Ternarization.STOCHASTIC, 0.25, 16, 0, 10_000, 8, true, 0.5, 1500, 30, 0);
    }

    /** The largest count the camera outputs, 2^bitDepth - 1. */
    public int maxCount() {
        return (1 << bitDepth) - 1;
    }

    /** Whether any noise is simulated. */
    public boolean noisy() {
        return shotNoise || readNoise > 0;
    }

    /** These settings with the given noise sources. */
    public OpuSettings withNoise(boolean shot, double read) {
        return new OpuSettings(
                ternarization,
                threshold,
                anchorPixels,
                gain,
                fullWell,
                bitDepth,
                shot,
                read,
                frameRate,
                powerWatts,
                noiseSeed);
    }

    /** These settings with another ternarization. */
    public OpuSettings withTernarization(Ternarization mode) {
        return new OpuSettings(
                mode,
                threshold,
                anchorPixels,
                gain,
                fullWell,
                bitDepth,
                shotNoise,
                readNoise,
                frameRate,
                powerWatts,
                noiseSeed);
    }

    /** These settings with another converter depth. */
    public OpuSettings withBitDepth(int bits) {
        return new OpuSettings(
                ternarization,
                threshold,
                anchorPixels,
                gain,
                fullWell,
                bits,
                shotNoise,
                readNoise,
                frameRate,
                powerWatts,
                noiseSeed);
    }

    /** These settings with another noise seed. */
    public OpuSettings withNoiseSeed(long seed) {
        return new OpuSettings(
                ternarization,
                threshold,
                anchorPixels,
                gain,
                fullWell,
                bitDepth,
                shotNoise,
                readNoise,
                frameRate,
                powerWatts,
                seed);
    }

    /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (ternarization == null) {
            problems.add(path + ".ternarization must be one of stochastic, threshold");
        }
        if (!(threshold >= 0 && threshold < 1)) {
            problems.add(path + ".threshold must be in [0, 1), got " + threshold);
        }
        if (anchorPixels < 1) {
            problems.add(path + ".anchor-pixels must be at least 1, got " + anchorPixels);
        }
        if (!(gain >= 0) || Double.isInfinite(gain)) {
            problems.add(
                    path + ".gain must be a non-negative number (0 for automatic), got " + gain);
        }
        if (!(fullWell > 0) || Double.isInfinite(fullWell)) {
            problems.add(path + ".full-well must be a positive number, got " + fullWell);
        }
        if (bitDepth < 1 || bitDepth > 16) {
            problems.add(path + ".bit-depth must be between 1 and 16, got " + bitDepth);
        }
        if (!(readNoise >= 0) || Double.isInfinite(readNoise)) {
            problems.add(path + ".read-noise must be a non-negative number, got " + readNoise);
        }
        if (!(frameRate > 0) || Double.isInfinite(frameRate)) {
            problems.add(path + ".frame-rate must be a positive number, got " + frameRate);
        }
        if (!(powerWatts >= 0) || Double.isInfinite(powerWatts)) {
            problems.add(path + ".power-watts must be a non-negative number, got " + powerWatts);
        }
        return problems;
    }
}
