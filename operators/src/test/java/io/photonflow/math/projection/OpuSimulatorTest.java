package io.photonflow.math.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.NdArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class OpuSimulatorTest {

    private static final int CLASSES = 10;
    private static final int WIDTH = 2048;
    private static final OpuSettings NOISELESS = OpuSettings.defaults().withNoise(false, 0);
    private static final OpuSettings THRESHOLD =
            NOISELESS.withTernarization(OpuSettings.Ternarization.THRESHOLD);

    /**
     * Errors as DFA sees them: softmax of Gaussian logits (spread 0.5 to 3, from uncertain to
     * confident) minus the one-hot of a random label.
     */
    static INDArray dfaErrors(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] errors = new float[rows * CLASSES];
        for (int row = 0; row < rows; row++) {
            double spread = 0.5 + 2.5 * random.nextDouble();
            double[] logits = new double[CLASSES];
            double largest = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < CLASSES; i++) {
                logits[i] = spread * random.nextGaussian();
                largest = Math.max(largest, logits[i]);
            }
            double sum = 0;
            for (int i = 0; i < CLASSES; i++) {
                logits[i] = Math.exp(logits[i] - largest);
                sum += logits[i];
            }
            int label = random.nextInt(CLASSES);
            for (int i = 0; i < CLASSES; i++) {
                errors[row * CLASSES + i] = (float) (logits[i] / sum - (i == label ? 1 : 0));
            }
        }
        return NdArrays.matrix(errors, rows, CLASSES);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double[] fidelity(OpuSettings settings, INDArray errors) {
        OpuSimulator opu = new OpuSimulator(CLASSES, WIDTH, settings, 1);
        return NdArrays.rowCosines(opu.project(errors), opu.ideal(errors));
    }

    @Test
    void ternarizesAgainstAFractionOfTheRowsLargestError() {
        OpuSimulator opu = new OpuSimulator(5, 8, THRESHOLD, 1);
        INDArray errors =
                NdArrays.matrix(
                        new float[] {
                            0.5f, -0.1f, 0.2f, -1.0f, 0.3f,
                            0f, 0f, 0f, 0f, 0f,
                            0.01f, 0.02f, -0.004f, 0.005f, -0.006f
                        },
                        3,
                        5);
        // Cuts at 0.25 x 1.0 and 0.25 x 0.02.
        assertThat(NdArrays.toFloats(opu.ternarize(errors)))
                .containsExactly(1f, 0f, 0f, -1f, 1f, 0f, 0f, 0f, 0f, 0f, 1f, 1f, 0f, 0f, -1f);
    }

    @Test
    void stochasticTernarizationIsAnUnbiasedEstimateOfTheError() {
        int rows = 40_000;
        float[] row = {0.5f, -0.1f, 0.2f, -1.0f, 0.3f};
        float[] errors = new float[rows * row.length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, errors, r * row.length, row.length);
        }
        OpuSimulator opu = new OpuSimulator(5, 8, NOISELESS, 1);

        float[] ternary = NdArrays.toFloats(opu.ternarize(NdArrays.matrix(errors, rows, 5)));

        for (int i = 0; i < row.length; i++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += ternary[r * row.length + i];
            }
            // max|e| = 1: the mean ternary entry estimates e_i; its standard error is below 0.0025.
            assertThat(sum / rows).as("entry %d", i).isCloseTo(row[i], within(0.01));
        }
        assertThat(ternary[3]).as("the largest entry always passes").isEqualTo(-1f);
    }

    @Test
    void takesTwoFramesForEachNonEmptyBinaryHalfAndNoneForAZeroRow() {
        OpuSimulator opu = new OpuSimulator(4, 64, NOISELESS, 1);
        opu.project(NdArrays.matrix(new float[] {0.5f, -0.5f, 0f, 0f}, 1, 4));
        assertThat(opu.frames()).isEqualTo(4);
        opu.project(NdArrays.matrix(new float[] {0.5f, 0.4f, 0f, 0f}, 1, 4));
        assertThat(opu.frames()).isEqualTo(6);
        opu.project(NdArrays.matrix(new float[] {0f, 0f, -0.1f, 0f}, 1, 4));
        assertThat(opu.frames()).isEqualTo(8);
        INDArray zero = opu.project(NdArrays.matrix(new float[4], 1, 4));
        assertThat(opu.frames()).isEqualTo(8);
        assertThat(NdArrays.toFloats(zero)).containsOnly(0f);
        assertThat(opu.calibrationFrames()).isEqualTo(1);
    }

    @Test
    void projectsPositiveAndNegativeHalvesWithOppositeSigns() {
        OpuSimulator opu = new OpuSimulator(CLASSES, WIDTH, THRESHOLD, 3);
        INDArray errors = dfaErrors(16, 4);
        float[] projected = NdArrays.toFloats(opu.project(errors));
        float[] negated = NdArrays.toFloats(opu.project(errors.neg()));
        for (int k = 0; k < projected.length; k++) {
            assertThat(negated[k]).isEqualTo(-projected[k]);
        }
    }

    @Test
    void recoversTheIdealLinearProjectionThroughAnEightBitCamera() {
        double[] cosines = fidelity(NOISELESS, dfaErrors(128, 5));
        assertThat(min(cosines)).isGreaterThanOrEqualTo(0.95);
        assertThat(mean(cosines)).isGreaterThan(0.99);
    }

    @Test
    void recoversTheIdealLinearProjectionExactlyButForSixteenBitRounding() {
        double[] cosines = fidelity(NOISELESS.withBitDepth(16), dfaErrors(128, 6));
        assertThat(min(cosines)).isGreaterThan(0.999);
    }

    @Test
    void fidelityDegradesAsNoiseGrows() {
        INDArray errors = dfaErrors(256, 7);
        double previous = mean(fidelity(NOISELESS, errors));
        for (double readNoise : new double[] {1, 2, 4, 8}) {
            double current = mean(fidelity(NOISELESS.withNoise(false, readNoise), errors));
            assertThat(current).as("read noise %s", readNoise).isLessThan(previous);
            previous = current;
        }
        double noiseless = mean(fidelity(NOISELESS, errors));
        double shot = mean(fidelity(NOISELESS.withNoise(true, 0), errors));
        double shotAndRead = mean(fidelity(NOISELESS.withNoise(true, 4), errors));
        assertThat(shot).isLessThan(noiseless).isGreaterThan(shotAndRead);
    }

    @Test
    void outputIsAFunctionOfTheSeedsAndTheInput() {
        OpuSettings noisy = OpuSettings.defaults().withNoise(true, 2);
        INDArray errors = dfaErrors(8, 8);
        OpuSimulator opu = new OpuSimulator(CLASSES, WIDTH, noisy, 1);
        float[] first = NdArrays.toFloats(opu.project(errors));
        float[] again = NdArrays.toFloats(opu.project(errors));
        float[] twin =
                NdArrays.toFloats(new OpuSimulator(CLASSES, WIDTH, noisy, 1).project(errors));
        float[] otherNoise =
                NdArrays.toFloats(
                        new OpuSimulator(CLASSES, WIDTH, noisy.withNoiseSeed(99), 1)
                                .project(errors));
        assertThat(again).containsExactly(first);
        assertThat(twin).containsExactly(first);
        assertThat(otherNoise).isNotEqualTo(first);
    }

    @Test
    void matrixSeedChoosesTheTransmissionMatrixAndNoiseSeedDoesNot() {
        float[] b = NdArrays.toFloats(new OpuSimulator(CLASSES, 256, NOISELESS, 1).idealMatrix());
        float[] same =
                NdArrays.toFloats(
                        new OpuSimulator(CLASSES, 256, NOISELESS.withNoiseSeed(5), 1)
                                .idealMatrix());
        float[] other =
                NdArrays.toFloats(new OpuSimulator(CLASSES, 256, NOISELESS, 2).idealMatrix());
        assertThat(same).containsExactly(b);
        assertThat(other).isNotEqualTo(b);
    }

    @Test
    void idealIsTheScaledTernaryErrorThroughTheIdealMatrix() {
        OpuSimulator opu = new OpuSimulator(CLASSES, 64, THRESHOLD, 1);
        INDArray errors = dfaErrors(4, 9);
        INDArray ternary = opu.ternarize(errors);
        INDArray expected = ternary.mmul(opu.idealMatrix());
        for (int row = 0; row < 4; row++) {
            double norm = errors.getRow(row).norm2Number().doubleValue();
            double lit = ternary.getRow(row).norm1Number().doubleValue();
            expected.getRow(row).muli(norm / Math.sqrt(lit));
        }
        assertCloseTo(opu.ideal(errors), expected);
    }

    @Test
    void stochasticIdealIsTheTernaryErrorTimesTheLargestErrorThroughTheIdealMatrix() {
        OpuSimulator opu = new OpuSimulator(CLASSES, 64, NOISELESS, 1);
        INDArray errors = dfaErrors(4, 9);
        INDArray expected = opu.ternarize(errors).mmul(opu.idealMatrix());
        for (int row = 0; row < 4; row++) {
            expected.getRow(row).muli(errors.getRow(row).normmaxNumber().doubleValue());
        }
        assertCloseTo(opu.ideal(errors), expected);
    }

    private static void assertCloseTo(INDArray actual, INDArray expected) {
        float[] ideal = NdArrays.toFloats(actual);
        float[] product = NdArrays.toFloats(expected);
        for (int k = 0; k < ideal.length; k++) {
            assertThat(ideal[k]).isCloseTo(product[k], within(1e-5f));
        }
    }

    @Test
    void signalHasTheScaleOfTheGaussianProjection() {
        OpuSimulator opu = new OpuSimulator(CLASSES, 20_000, THRESHOLD, 11);
        float[] b = NdArrays.toFloats(opu.idealMatrix());
        double squares = 0;
        for (float value : b) {
            squares += value * value;
        }
        // σ_B is B's standard deviation in expectation over R given the anchor field. The mean
        // square of 200,000 Laplace-like entries (kurtosis 6) has a relative standard error of
        // sqrt(5 / 200,000) = 0.5%: the tolerance is 8 of them.
        assertThat(squares / b.length).isCloseTo(1.0 / CLASSES, within(0.004));

        INDArray errors = dfaErrors(64, 12);
        float[] projected = NdArrays.toFloats(opu.project(errors));
        float[] e = NdArrays.toFloats(errors);
        double ratio = 0;
        for (int row = 0; row < 64; row++) {
            double signal = 0;
            for (int j = row * 20_000; j < (row + 1) * 20_000; j++) {
                signal += (double) projected[j] * projected[j];
            }
            double error = 0;
            for (int i = row * CLASSES; i < (row + 1) * CLASSES; i++) {
                error += (double) e[i] * e[i];
            }
            ratio += signal / (error * 20_000 / CLASSES) / 64;
        }
        assertThat(ratio).isCloseTo(1, within(0.1));
    }

    @Test
    void scalesWithTheErrorLikeALinearProjection() {
        OpuSimulator opu = new OpuSimulator(CLASSES, WIDTH, THRESHOLD, 1);
        INDArray errors = dfaErrors(8, 13);
        float[] once = NdArrays.toFloats(opu.project(errors));
        float[] twice = NdArrays.toFloats(opu.project(errors.mul(2)));
        for (int k = 0; k < once.length; k++) {
            assertThat(twice[k]).isEqualTo(2 * once[k]);
        }
    }

    /** Mean, variance and share of zero counts of many exposures of one intensity. */
    private static double[] exposureStatistics(OpuSettings settings, float intensity) {
        int pixels = 20_000;
        Camera camera = new Camera(settings, 1, pixels);
        float[] frame = new float[pixels];
        Arrays.fill(frame, intensity);
        float[] counts = new float[pixels];
        SplittableRandom noise = new SplittableRandom(17);
        double sum = 0;
        double squares = 0;
        double zeros = 0;
        int frames = 10;
        for (int f = 0; f < frames; f++) {
            camera.expose(frame, counts, noise);
            for (float count : counts) {
                sum += count;
                squares += (double) count * count;
                zeros += count == 0 ? 1 : 0;
            }
        }
        double n = (double) pixels * frames;
        double mean = sum / n;
        return new double[] {mean, squares / n - mean * mean, zeros / n};
    }

    @Test
    void shotNoiseIsPoissonInPhotoelectrons() {
        // One electron per count (full well = largest count) and one count per unit intensity:
        // counts are photoelectrons. 200,000 draws: standard errors of the mean and variance are
        // about sqrt(mean / 200,000) and mean sqrt(2 / 200,000), below 1.5% at these means.
        OpuSettings oneElectronPerCount =
                new OpuSettings(
                        OpuSettings.Ternarization.THRESHOLD,
                        0.25,
                        16,
                        1,
                        65_535,
                        16,
                        true,
                        0,
                        1500,
                        30,
                        0);
        for (float mean : new float[] {0.5f, 3f, 9.5f, 40f}) {
            double[] statistics = exposureStatistics(oneElectronPerCount, mean);
            assertThat(statistics[0]).as("mean at %s", mean).isCloseTo(mean, within(0.02 * mean));
            assertThat(statistics[1])
                    .as("variance at %s", mean)
                    .isCloseTo(mean, within(0.04 * mean));
            if (mean < Camera.EXACT_POISSON_BELOW) {
                assertThat(statistics[2])
                        .as("P(0) at %s", mean)
                        .isCloseTo(Math.exp(-mean), within(0.005));
            }
        }
    }

    @Test
    void readNoiseHasItsConfiguredSpreadInCounts() {
        double[] statistics =
                exposureStatistics(NOISELESS.withBitDepth(16).withNoise(false, 3), 1000);
        assertThat(statistics[0]).isCloseTo(1000, within(0.05));
        // Rounding to counts adds 1/12 to the variance.
        assertThat(statistics[1]).isCloseTo(9 + 1.0 / 12, within(0.15));
    }

    @Test
    void cameraRoundsToCountsAndSaturatesAtFullScale() {
        Camera camera = new Camera(NOISELESS, 10, 4);
        float[] counts = new float[4];
        camera.expose(new float[] {0.04f, 0.06f, 12.3f, 99f}, counts, null);
        assertThat(counts).containsExactly(0f, 1f, 123f, 255f);
    }

    @Test
    void countsFramesDeviceTimeAndEnergy() {
        OpuSimulator opu = new OpuSimulator(3, 32, NOISELESS, 1);
        assertThat(opu.deviceSeconds()).isEqualTo(1 / 1500.0);
        opu.project(
                NdArrays.matrix(new float[] {0.5f, -0.5f, 0f, 0.2f, 0.1f, 0.3f, 0f, 0f, 0f}, 3, 3));
        // Row 1: e+ and e-, 4 frames; row 2: e+ only, 2 frames; row 3: zero, none.
        assertThat(opu.frames()).isEqualTo(6);
        assertThat(opu.deviceSeconds()).isCloseTo(7 / 1500.0, within(1e-15));
        assertThat(opu.energyJoules()).isCloseTo(30 * 7 / 1500.0, within(1e-12));
        assertThat(opu.cpuNanos()).isPositive();
    }

    @Test
    void rejectsErrorsOfAnotherWidth() {
        OpuSimulator opu = new OpuSimulator(CLASSES, 16, NOISELESS, 1);
        assertThatThrownBy(() -> opu.project(NdArrays.matrix(new float[6], 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width 10");
    }

    @Test
    void defaultsAreValidAndEveryBadValueIsNamed() {
        assertThat(OpuSettings.defaults().problems("projection.opu")).isEmpty();
        OpuSettings bad = new OpuSettings(null, 1.0, 0, -1, 0, 0, true, -2, 0, Double.NaN, 1);
        assertThat(bad.problems("projection.opu"))
                .containsExactly(
                        "projection.opu.ternarization must be one of stochastic, threshold",
                        "projection.opu.threshold must be in [0, 1), got 1.0",
                        "projection.opu.anchor-pixels must be at least 1, got 0",
                        "projection.opu.gain must be a non-negative number (0 for automatic),"
                                + " got -1.0",
                        "projection.opu.full-well must be a positive number, got 0.0",
                        "projection.opu.bit-depth must be between 1 and 16, got 0",
                        "projection.opu.read-noise must be a non-negative number, got -2.0",
                        "projection.opu.frame-rate must be a positive number, got 0.0",
                        "projection.opu.power-watts must be a non-negative number, got NaN");
        assertThatThrownBy(() -> new OpuSimulator(CLASSES, 16, bad, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bit-depth");
    }
}
