package io.photonflow.jobs.bench;

import io.photonflow.math.NdArrays;
import io.photonflow.math.projection.OpuSettings;
import io.photonflow.math.projection.OpuSimulator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How faithfully the simulated OPU realizes the linear projection it stands for, camera setting by
 * camera setting: the cosine similarity between every recovered projection and the ideal one of the
 * same ternarized error ({@link OpuSimulator#ideal}), over DFA-like errors, 10 classes to 2,048
 * camera pixels; with the camera frames, simulated device time and measured CPU time per
 * projection. Printed as a Markdown table.
 */
public final class OpuFidelity {

    private static final int CLASSES = 10;
    private static final int PIXELS = 2048;
    private static final int BATCH = 128;
    private static final int WARM_UP_PASSES = 3;

    /** A row of the table: a camera setting and its name. */
    private record Setting(String name, OpuSettings settings) {}

    /**
     * A measured row of the table.
     *
     * @param name the camera setting's name
     * @param settings the setting
     * @param meanCosine mean cosine of recovered vs ideal projection over the errors
     * @param minCosine the smallest of those cosines
     */
    public record Row(String name, OpuSettings settings, double meanCosine, double minCosine) {}

    private final int batches;
    private final long seed;

    /** Measures over {@code batches} batches of 128 errors drawn from {@code seed}. */
    public OpuFidelity(int batches, long seed) {
        if (batches < 1) {
            throw new IllegalArgumentException("batches must be positive, got " + batches);
        }
        this.batches = batches;
        this.seed = seed;
    }

    /** Measures every setting, prints the table to {@code out} and returns its rows. */
    public List<Row> printTable(PrintStream out) {
        OpuSettings noiseless = OpuSettings.defaults().withNoise(false, 0);
        List<Setting> settings =
                List.of(
                        new Setting("8-bit, noise off", noiseless),
                        new Setting("shot noise", noiseless.withNoise(true, 0)),
                        new Setting("read noise 1 count", noiseless.withNoise(false, 1)),
                        new Setting("read noise 2 counts", noiseless.withNoise(false, 2)),
                        new Setting("read noise 4 counts", noiseless.withNoise(false, 4)),
                        new Setting("read noise 8 counts", noiseless.withNoise(false, 8)),
                        new Setting("shot + read 4 counts", noiseless.withNoise(true, 4)),
                        new Setting("defaults: shot + read 0.5", OpuSettings.defaults()),
                        new Setting("6-bit, noise off", noiseless.withBitDepth(6)),
                        new Setting("4-bit, noise off", noiseless.withBitDepth(4)),
                        new Setting("16-bit, noise off", noiseless.withBitDepth(16)));
        List<INDArray> errors = dfaErrors();
        List<OpuSimulator> devices = new ArrayList<>();
        for (Setting setting : settings) {
            devices.add(new OpuSimulator(CLASSES, PIXELS, setting.settings(), seed));
        }
        printHeader(out, devices.get(0));
        // Every setting runs the errors a few times first, so that the hot loops are compiled
        // for all of them and the CPU time measured is that of steady training.
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            for (OpuSimulator device : devices) {
                for (INDArray batch : errors) {
                    device.project(batch).close();
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < settings.size(); k++) {
            rows.add(printRow(out, settings.get(k), devices.get(k), errors));
        }
        return rows;
    }

    private void printHeader(PrintStream out, OpuSimulator device) {
        OpuSettings base = device.settings();
        out.printf(
                "opu-fidelity: %d -> %,d, %,d DFA-like errors (softmax of Gaussian logits minus"
                        + " one-hot) in batches of %d; cosine of recovered vs ideal projection per"
                        + " error%n",
                CLASSES, PIXELS, batches * BATCH, BATCH);
        out.printf(
                "device: %s ternarization, %d anchor micromirrors, automatic gain %.3f"
                        + " counts/unit intensity (8-bit), pixels equalized by the calibration"
                        + " frame, full well %,.0f e-, %.0f frames/s, %.0f W; CPU time on one"
                        + " core%n",
                base.ternarization() == OpuSettings.Ternarization.STOCHASTIC
                        ? "stochastic"
                        : String.format("threshold %.2f x max|e|", base.threshold()),
                base.anchorPixels(),
                device.gain(),
                base.fullWell(),
                base.frameRate(),
                base.powerWatts());
        out.println();
        out.println(
                "| camera | mean cosine | min cosine | frames / projection"
                        + " | device ms / projection | CPU µs / projection |");
        out.println("|---|---:|---:|---:|---:|---:|");
    }

    private Row printRow(
            PrintStream out, Setting setting, OpuSimulator device, List<INDArray> errors) {
        long frames = device.frames();
        long cpuNanos = device.cpuNanos();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        int count = 0;
        for (INDArray batch : errors) {
            INDArray projected = device.project(batch);
            for (double cosine : NdArrays.rowCosines(projected, device.ideal(batch))) {
                sum += cosine;
                min = Math.min(min, cosine);
                count++;
            }
            projected.close();
        }
        double perProjection = (double) (device.frames() - frames) / count;
        out.printf(
                "| %s | %.4f | %.4f | %.2f | %.2f | %.1f |%n",
                setting.name(),
                sum / count,
                min,
                perProjection,
                1e3 * perProjection / device.settings().frameRate(),
                (device.cpuNanos() - cpuNanos) / 1e3 / count);
        return new Row(setting.name(), setting.settings(), sum / count, min);
    }

    /**
     * Errors as DFA sees them: softmax of Gaussian logits (spread 0.5 to 3, from uncertain to
     * confident) minus the one-hot of a random label.
     */
    private List<INDArray> dfaErrors() {
        SplittableRandom random = new SplittableRandom(seed);
        INDArray[] errors = new INDArray[batches];
        for (int b = 0; b < batches; b++) {
            float[] values = new float[BATCH * CLASSES];
            for (int row = 0; row < BATCH; row++) {
                softmaxError(random, values, row * CLASSES);
            }
            errors[b] = NdArrays.matrix(values, BATCH, CLASSES);
        }
        return List.of(errors);
    }

    private static void softmaxError(SplittableRandom random, float[] values, int offset) {
        double spread = 0.5 + 2.5 * random.nextDouble();
        double[] weights = new double[CLASSES];
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CLASSES; i++) {
            weights[i] = spread * random.nextGaussian();
            largest = Math.max(largest, weights[i]);
        }
        double sum = 0;
        for (int i = 0; i < CLASSES; i++) {
            weights[i] = Math.exp(weights[i] - largest);
            sum += weights[i];
        }
        int label = random.nextInt(CLASSES);
        for (int i = 0; i < CLASSES; i++) {
            values[offset + i] = (float) (weights[i] / sum - (i == label ? 1 : 0));
        }
    }
}
