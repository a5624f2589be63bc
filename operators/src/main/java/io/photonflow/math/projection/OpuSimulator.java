package io.photonflow.math.projection;

import io.photonflow.math.NdArrays;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A physics-level simulation of an optical processing unit (OPU) doing DFA's projection, after
 * Launay et al. 2020, "Hardware Beyond Backpropagation: a Photonic Co-Processor for Direct Feedback
 * Alignment".
 *
 * <p>The device: a digital micromirror device (DMD) shows a binary frame x; light passes a
 * scattering medium with a fixed complex Gaussian transmission matrix R (entries CN(0, 1)); a
 * camera of outputSize pixels records the intensity |xR|² as photoelectrons (shot noise), reads
 * them out (read noise), clips at the full well and converts to counts ({@link Camera}).
 *
 * <p>One projection of an error row e:
 *
 * <ol>
 *   <li>ternarize ({@link OpuSettings#ternarization}): stochastically, entry i becomes sign(e_i)
 *       with probability |e_i| / max|e| and 0 otherwise (the largest entry always passes); or with
 *       a threshold, +1 where e_i &gt; t max|e|, -1 where e_i &lt; -t max|e|, 0 elsewhere; then
 *       split into two binary frames e+ and e-;
 *   <li>for each non-empty half x, two camera frames: the hologram |(x + a)R|² and the signal
 *       |xR|², where a lights {@link OpuSettings#anchorPixels} further micromirrors, the anchor;
 *   <li>linear recovery: P(x) = |(x + a)R|² - |xR|² - |aR|² = 2 Re(conj(aR) ⊙ xR), with |aR|² the
 *       calibration frame taken once at construction; P is linear in x, with the effective matrix
 *       B_ij = 2 Re(conj((aR)_j) R_ij) over the input micromirrors i;
 *   <li>P(e+) - P(e-), in counts, rescaled.
 * </ol>
 *
 * <p>Rescaling, so that the optimizer settings of {@link GaussianProjection} carry over: counts are
 * divided by sqrt(inputSize) times σ_B, the standard deviation of B in counts (σ_B² = 2 gain²
 * mean_j |(aR)_j|², its expectation over R given the anchor field), which gives B entries of
 * variance 1/inputSize like GaussianProjection's; and every row is multiplied by max|e| under
 * stochastic ternarization, so that the ternary row's expectation is e itself and the projection is
 * an unbiased estimate of e B (the dithering noise averages out over the rows and steps of a weight
 * update), or by ||e|| / sqrt(k) under a threshold, k its non-zero ternary entries, since that
 * ternary row has norm sqrt(k) where the error has ||e||. Either way the signal scales with the
 * error, and the map is positively homogeneous, like e B. A fixed threshold biases the update:
 * measured on Cora's GCN (6 seeds), DFA through the OPU's own matrix reaches 79.2% from the exact
 * error, 78.9% stochastically ternarized and 73.7% at threshold 0.25.
 *
 * <p>Equalization: B's column j has standard deviation proportional to |(aR)_j|, the speckle of the
 * anchor field, so a few camera pixels would carry most of the signal and the dim ones mostly
 * noise. The calibration frame measures |(aR)_j|² at every pixel, and each recovered pixel is
 * multiplied by sqrt(mean / its own) of those counts, which leaves B's columns of equal spread and
 * its overall variance as it was. On the GCNs of Cora and CiteSeer (10 seeds, 16 hidden units: few
 * pixels, so the speckle matters) it lifts optical DFA from 77.6% to 78.8% and from 66.7% to 67.9%,
 * against digital DFA's 79.2% and 68.6%.
 *
 * <p>Accounting: a frame is one camera exposure of one DMD pattern. A half with no lit micromirror
 * has a known projection, zero, and takes no frame; any other half takes two; so a row costs 0, 2
 * or 4 frames. The anchor-only calibration frame is counted apart ({@link #calibrationFrames()}).
 * Device time counts every frame, calibration included, at {@link OpuSettings#frameRate}; energy is
 * device time times {@link OpuSettings#powerWatts}.
 *
 * <p>Everything is a function of the seeds: R and the anchor field of {@code seed}, the noise and
 * the dithering of {@link OpuSettings#noiseSeed} and of the error values, so that {@link #project}
 * is a function of its input, a replayed minibatch sees the same noise, and different minibatches
 * see independent noise. Not safe for concurrent use: the buffers are the instance's.
 */
public final class OpuSimulator implements FeedbackProjection, SimulatedDevice {

    /** Under automatic gain, the fraction of full scale the brightest anchor pixel sits at. */
    public static final double AUTO_GAIN_FILL = 0.5;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Floor of a pixel's calibration counts in its gain: a dark pixel is not blown up. */
    private static final float MIN_ANCHOR_COUNTS = 1f;

    /** Sets the dithering stream apart from the noise stream of the same input. */
    private static final long DITHER_STREAM = 0x5DEECE66DL;

    /** Frames taken at construction: the anchor-only frame |aR|². */
    private static final int CALIBRATION_FRAMES = 1;

    /** Frames per non-empty binary half: the hologram and the signal. */
    private static final int FRAMES_PER_HALF = 2;

    private final int inputSize;
    private final int outputSize;
    private final OpuSettings settings;

    /** R over the input micromirrors, inputSize x outputSize, real and imaginary parts. */
    private final float[] transmissionRe;

    private final float[] transmissionIm;

    /** The anchor field aR at every camera pixel. */
    private final float[] anchorFieldRe;

    private final float[] anchorFieldIm;
    private final Camera camera;

    /** The calibration frame: counts of |aR|². */
    private final float[] anchorCounts;

    /**
     * Per camera pixel, sqrt(mean anchor counts / anchor counts of the pixel), from the calibration
     * frame (at least one count): evens out the speckle of the anchor.
     */
    private final float[] pixelGain;

    /** Counts to feedback units: 1 / (sqrt(inputSize) σ_B). */
    private final double countScale;

    // Buffers, allocated once.
    private final int[] plus;
    private final int[] minus;
    private int plusCount;
    private int minusCount;
    private final float[] fieldRe;
    private final float[] fieldIm;
    private final float[] hologram;
    private final float[] signal;
    private final float[] hologramCounts;
    private final float[] signalCounts;
    private final float[] recovered;
    private float[] output = new float[0];

    private long frames;
    private long cpuNanos;

    /**
     * An OPU with inputSize input micromirrors (the classes) and outputSize camera pixels (the
     * hidden widths), its transmission matrix and anchor field drawn from {@code seed}.
     */
    public OpuSimulator(int inputSize, int outputSize, OpuSettings settings, long seed) {
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException(
                    "sizes must be positive, got " + inputSize + " -> " + outputSize);
        }
        if (!settings.problems("opu").isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", settings.problems("opu")));
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.settings = settings;
        SplittableRandom random = new SplittableRandom(seed);
        this.transmissionRe = new float[inputSize * outputSize];
        this.transmissionIm = new float[inputSize * outputSize];
        fillComplexGaussian(random.split(), transmissionRe, transmissionIm, 1);
        // The anchor field is a sum of anchorPixels independent CN(0, 1) entries of R, that is
        // exactly CN(0, anchorPixels): drawn at once rather than micromirror by micromirror.
        this.anchorFieldRe = new float[outputSize];
        this.anchorFieldIm = new float[outputSize];
        fillComplexGaussian(random.split(), anchorFieldRe, anchorFieldIm, settings.anchorPixels());

        float[] anchorIntensity = new float[outputSize];
        double brightest = 0;
        double meanAnchor = 0;
        for (int j = 0; j < outputSize; j++) {
            anchorIntensity[j] = intensity(anchorFieldRe[j], anchorFieldIm[j]);
            brightest = Math.max(brightest, anchorIntensity[j]);
            meanAnchor += (double) anchorIntensity[j] / outputSize;
        }
        double gain =
                settings.gain() > 0
                        ? settings.gain()
                        : AUTO_GAIN_FILL * settings.maxCount() / brightest;
        this.camera = new Camera(settings, gain, outputSize);
        this.countScale = 1 / (Math.sqrt(inputSize) * gain * Math.sqrt(2 * meanAnchor));
        this.anchorCounts = new float[outputSize];
        camera.expose(
                anchorIntensity,
                anchorCounts,
                settings.noisy() ? new SplittableRandom(settings.noiseSeed()) : null);
        double meanCounts = 0;
        for (float counts : anchorCounts) {
            meanCounts += (double) counts / outputSize;
        }
        this.pixelGain = new float[outputSize];
        for (int j = 0; j < outputSize; j++) {
            pixelGain[j] =
                    (float) Math.sqrt(meanCounts / Math.max(anchorCounts[j], MIN_ANCHOR_COUNTS));
        }

        this.plus = new int[inputSize];
        this.minus = new int[inputSize];
        this.fieldRe = new float[outputSize];
        this.fieldIm = new float[outputSize];
        this.hologram = new float[outputSize];
        this.signal = new float[outputSize];
        this.hologramCounts = new float[outputSize];
        this.signalCounts = new float[outputSize];
        this.recovered = new float[outputSize];
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    /** The settings this device runs with. */
    public OpuSettings settings() {
        return settings;
    }

    /** Camera counts per unit intensity: the configured gain, or the automatic one. */
    public double gain() {
        return camera.gain();
    }

    @Override
    public INDArray project(INDArray error) {
        long start = THREADS.getCurrentThreadCpuTime();
        checkWidth(error);
        int rows = error.rows();
        float[] values = NdArrays.toFloats(error);
        if (output.length != rows * outputSize) {
            output = new float[rows * outputSize];
        }
        SplittableRandom noise = settings.noisy() ? noiseFor(values) : null;
        SplittableRandom dither = ditherFor(values);
        for (int row = 0; row < rows; row++) {
            projectRow(values, row * inputSize, row * outputSize, noise, dither);
        }
        INDArray projected = NdArrays.matrix(output, rows, outputSize);
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        return projected;
    }

    /** Camera frames {@link #project} has taken since construction (calibration not included). */
    @Override
    public long frames() {
        return frames;
    }

    /** Frames taken once at construction: the anchor-only calibration frame, 1. */
    public long calibrationFrames() {
        return CALIBRATION_FRAMES;
    }

    /** Simulated device time since construction: every frame, calibration included. */
    @Override
    public double deviceSeconds() {
        return (frames + CALIBRATION_FRAMES) / settings.frameRate();
    }

    /** Simulated device energy since construction: device time times power. */
    @Override
    public double energyJoules() {
        return deviceSeconds() * settings.powerWatts();
    }

    /**
     * CPU time {@link #project} has taken since construction, in nanoseconds: the calling thread's,
     * so that other work on the machine does not count.
     */
    public long cpuNanos() {
        return cpuNanos;
    }

    /**
     * The ternarized error, e+ - e-, as {@link #project} ternarizes the same input (with the same
     * dithering, under stochastic ternarization).
     */
    public INDArray ternarize(INDArray error) {
        checkWidth(error);
        int rows = error.rows();
        float[] values = NdArrays.toFloats(error);
        float[] ternary = new float[values.length];
        SplittableRandom dither = ditherFor(values);
        for (int row = 0; row < rows; row++) {
            int offset = row * inputSize;
            split(values, offset, dither);
            for (int p = 0; p < plusCount; p++) {
                ternary[offset + plus[p]] = 1f;
            }
            for (int p = 0; p < minusCount; p++) {
                ternary[offset + minus[p]] = -1f;
            }
        }
        return NdArrays.matrix(ternary, rows, inputSize);
    }

    /**
     * The linear map the device realizes, inputSize x outputSize, rescaled as the output is: gain 2
     * Re(conj((aR)_j) R_ij) / (sqrt(inputSize) σ_B).
     */
    public INDArray idealMatrix() {
        float[] b = new float[inputSize * outputSize];
        for (int i = 0; i < inputSize; i++) {
            for (int j = 0; j < outputSize; j++) {
                b[i * outputSize + j] = (float) idealEntry(i, j);
            }
        }
        return NdArrays.matrix(b, inputSize, outputSize);
    }

    /**
     * What {@link #project} would give from a perfect camera: every row ||e|| / sqrt(k) times
     * ternarize(e) · idealMatrix(), in double precision.
     */
    public INDArray ideal(INDArray error) {
        checkWidth(error);
        int rows = error.rows();
        float[] values = NdArrays.toFloats(error);
        float[] ideal = new float[rows * outputSize];
        SplittableRandom dither = ditherFor(values);
        for (int row = 0; row < rows; row++) {
            int offset = row * inputSize;
            split(values, offset, dither);
            if (plusCount + minusCount == 0) {
                continue;
            }
            double scale = rowScale(values, offset);
            for (int j = 0; j < outputSize; j++) {
                double sum = 0;
                for (int p = 0; p < plusCount; p++) {
                    sum += idealEntry(plus[p], j);
                }
                for (int p = 0; p < minusCount; p++) {
                    sum -= idealEntry(minus[p], j);
                }
                ideal[row * outputSize + j] = (float) (scale * sum);
            }
        }
        return NdArrays.matrix(ideal, rows, outputSize);
    }

    private double idealEntry(int i, int j) {
        int ij = i * outputSize + j;
        double realPart =
                (double) anchorFieldRe[j] * transmissionRe[ij]
                        + (double) anchorFieldIm[j] * transmissionIm[ij];
        return 2 * realPart * camera.gain() * countScale * pixelGain[j];
    }

    private void projectRow(
            float[] error,
            int offset,
            int outOffset,
            SplittableRandom noise,
            SplittableRandom dither) {
        split(error, offset, dither);
        if (plusCount + minusCount == 0) {
            Arrays.fill(output, outOffset, outOffset + outputSize, 0f);
            return;
        }
        Arrays.fill(recovered, 0f);
        recover(plus, plusCount, 1f, noise);
        recover(minus, minusCount, -1f, noise);
        float scale = (float) (countScale * rowScale(error, offset));
        for (int j = 0; j < outputSize; j++) {
            output[outOffset + j] = scale * pixelGain[j] * recovered[j];
        }
    }

    /**
     * The micromirrors of e+ ({@link #plus}, {@link #plusCount}) and e- ({@link #minus}, {@link
     * #minusCount}) of row {@code offset} of {@code error}: with a threshold, the entries beyond
     * threshold x max|e|; stochastic, each entry with probability |e_i| / max|e| (the largest
     * always), one draw of {@code dither} per entry.
     */
    private void split(float[] error, int offset, SplittableRandom dither) {
        float largest = 0;
        for (int i = 0; i < inputSize; i++) {
            largest = Math.max(largest, Math.abs(error[offset + i]));
        }
        boolean stochastic = settings.ternarization() == OpuSettings.Ternarization.STOCHASTIC;
        float cut = (float) (settings.threshold() * largest);
        plusCount = 0;
        minusCount = 0;
        for (int i = 0; i < inputSize; i++) {
            float value = error[offset + i];
            boolean lit =
                    stochastic
                            ? dither.nextDouble() * largest < Math.abs(value)
                            : Math.abs(value) > cut;
            if (lit && value > 0) {
                plus[plusCount++] = i;
            } else if (lit && value < 0) {
                minus[minusCount++] = i;
            }
        }
    }

    /**
     * What the ternary row is multiplied by to stand for the error: with a threshold ||e|| /
     * sqrt(k), k its non-zero entries, so that the row keeps the error's norm; stochastic, max|e|,
     * so that the row's expectation is the error itself.
     */
    private double rowScale(float[] error, int offset) {
        if (settings.ternarization() == OpuSettings.Ternarization.STOCHASTIC) {
            float largest = 0;
            for (int i = 0; i < inputSize; i++) {
                largest = Math.max(largest, Math.abs(error[offset + i]));
            }
            return largest;
        }
        double squares = 0;
        for (int i = 0; i < inputSize; i++) {
            squares += (double) error[offset + i] * error[offset + i];
        }
        return Math.sqrt(squares / (plusCount + minusCount));
    }

    /**
     * Shows the binary frame lighting {@code count} of {@code pixels}, takes its hologram and
     * signal frames, and adds {@code sign} times P(x) = hologram - signal - anchor to {@link
     * #recovered}.
     */
    private void recover(int[] pixels, int count, float sign, SplittableRandom noise) {
        if (count == 0) {
            return;
        }
        Arrays.fill(fieldRe, 0f);
        Arrays.fill(fieldIm, 0f);
        for (int p = 0; p < count; p++) {
            int row = pixels[p] * outputSize;
            for (int j = 0; j < outputSize; j++) {
                fieldRe[j] += transmissionRe[row + j];
                fieldIm[j] += transmissionIm[row + j];
            }
        }
        for (int j = 0; j < outputSize; j++) {
            float re = fieldRe[j];
            float im = fieldIm[j];
            hologram[j] = intensity(re + anchorFieldRe[j], im + anchorFieldIm[j]);
            signal[j] = intensity(re, im);
        }
        camera.expose(hologram, hologramCounts, noise);
        camera.expose(signal, signalCounts, noise);
        frames += FRAMES_PER_HALF;
        for (int j = 0; j < outputSize; j++) {
            recovered[j] += sign * (hologramCounts[j] - signalCounts[j] - anchorCounts[j]);
        }
    }

    private static float intensity(float re, float im) {
        return re * re + im * im;
    }

    /** The noise stream of one call: keyed by the noise seed and the error values. */
    private SplittableRandom noiseFor(float[] values) {
        return new SplittableRandom(key(values));
    }

    /** The dithering of a stochastic ternarization: a stream apart from the camera noise's. */
    private SplittableRandom ditherFor(float[] values) {
        return new SplittableRandom(key(values) ^ DITHER_STREAM);
    }

    private long key(float[] values) {
        long key = settings.noiseSeed() ^ values.length;
        for (float value : values) {
            key = (key ^ Float.floatToIntBits(value)) * 0x9E3779B97F4A7C15L;
        }
        return key;
    }

    private void checkWidth(INDArray error) {
        if (error.rank() != 2 || error.columns() != inputSize) {
            throw new IllegalArgumentException(
                    "projection expects errors of width "
                            + inputSize
                            + ", got "
                            + error.shapeInfoToString());
        }
    }

    private static void fillComplexGaussian(
            SplittableRandom random, float[] re, float[] im, double variance) {
        // Re and Im of CN(0, v) are N(0, v/2) each.
        double sigma = Math.sqrt(variance / 2);
        for (int k = 0; k < re.length; k++) {
            re[k] = (float) (random.nextGaussian() * sigma);
            im[k] = (float) (random.nextGaussian() * sigma);
        }
    }
}
