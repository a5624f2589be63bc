package io.photonflow.jobs.bench;

import io.photonflow.math.NativeThreads;
import io.photonflow.math.NdArrays;
import io.photonflow.math.projection.GaussianProjection;
import io.photonflow.math.projection.StructuredProjection;
import io.photonflow.math.projection.WalshHadamard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Projections per second and memory of the projection devices: the default network's feedback (10
 * -> 2,048), 2^14 -> 2^14 dense Gaussian against structured, and 2^20 -> 2^20 structured; then the
 * floor, bare fast Walsh–Hadamard transforms of 2^20 values.
 *
 * <p>Every configuration runs in a fresh child JVM (this JVM's java and classpath, running {@link
 * #main}), so that its memory figure is its own. The child resets its peak resident set
 * (/proc/self/clear_refs), reads its resident set (VmRSS), creates the projection and a batch of
 * inputs and outputs, warms up, measures for a fixed time, and reads its peak resident set (VmHWM).
 * The growth counts everything the configuration made the process touch: the projection, the batch,
 * and what the JVM and native libraries added for them.
 */
public final class ProjectionBenchmark {

    private static final double MIB = 1 << 20;
    private static final String RESULT = "RESULT";
    private static final int BIG = 1 << 20;

    /** Additions and subtractions of one transform of 2^20 values: 20 stages of 2^20. */
    private static final double ADDITIONS = 20.0 * BIG;

    /**
     * A configuration: a device, its sizes, the rows per batch, and its JVM's heap limit and
     * collector (the serial one where a heap of 64 MiB holds 4 MiB arrays: G1 would need each in
     * contiguous free regions).
     */
    private record Config(
            String device, int inputSize, int outputSize, int rows, String heap, String gc) {}

    private final int seconds;
    private final int threads;

    /** Measures each configuration for {@code seconds} after warm-up, on {@code threads}. */
    public ProjectionBenchmark(int seconds, int threads) {
        if (seconds < 1 || threads < 1) {
            throw new IllegalArgumentException("seconds and threads must be positive");
        }
        this.seconds = seconds;
        this.threads = threads;
    }

    /** Runs every configuration, each in its own JVM, and prints the table to {@code out}. */
    public void run(PrintStream out) throws IOException, InterruptedException {
        printHeader(out);
        Map<String, String> big = null;
        for (Config config :
                List.of(
                        new Config("gaussian", 10, 2048, 256, "256m", "G1"),
                        new Config("structured", 10, 2048, 256, "64m", "Serial"),
                        new Config("gaussian", 1 << 14, 1 << 14, 64, "2g", "G1"),
                        new Config("structured", 1 << 14, 1 << 14, 64, "64m", "Serial"),
                        new Config("structured", BIG, BIG, 2 * threads, "64m", "Serial"))) {
            Map<String, String> result = child(config);
            out.printf(
                    "%-22s %-10s %7d %5d %14.0f %8.1f Mi %6.1f Mi %6.1f Mi %7.0f Mi %5s %s%n",
                    String.format("%,d -> %,d", config.inputSize(), config.outputSize()),
                    config.device(),
                    threads,
                    config.rows(),
                    number(result, "rate"),
                    number(result, "growth") / MIB,
                    number(result, "holds") / MIB,
                    number(result, "batch") / MIB,
                    number(result, "peak") / MIB,
                    config.heap(),
                    config.gc());
            if (config.inputSize() == BIG) {
                big = result;
            }
        }
        printFloor(out, big);
    }

    private void printHeader(PrintStream out) {
        out.printf(
                "projection-benchmark: %d threads on %d cores, %s, %d s per configuration after"
                        + " %d s warm-up, each in a fresh JVM%n",
                threads,
                Runtime.getRuntime().availableProcessors(),
                describeVm(),
                seconds,
                warmUp(seconds));
        out.println(
                "memory: peak RSS+ = VmHWM at the end - VmRSS before the projection and batch"
                        + " were created (VmHWM reset first):");
        out.println(
                "        projection + batch + what the JVM and native code touched for them;"
                        + " holds = the projection's own arrays;");
        out.println(
                "        batch io = input + output rows; peak RSS = the child JVM's whole"
                        + " VmHWM, JVM and libraries included");
        out.println();
        out.printf(
                "%-22s %-10s %7s %5s %14s %11s %9s %9s %10s %s%n",
                "configuration",
                "device",
                "threads",
                "batch",
                "projections/s",
                "peak RSS+",
                "holds",
                "batch io",
                "peak RSS",
                "heap, gc");
    }

    /** Measures the bare transform and sets the 2^20 projection's figures against it. */
    private void printFloor(PrintStream out, Map<String, String> big)
            throws IOException, InterruptedException {
        Map<String, String> floor = child(new Config("floor", BIG, BIG, threads, "256m", "Serial"));
        double single = number(floor, "single");
        double loaded = number(floor, "loaded");
        out.println();
        out.printf(
                "floor, bare FWHT of 2^20 values (%.1e additions; load/store not timed):%n",
                ADDITIONS);
        out.printf(
                "  one vector, one core:       %.3f ms = %5.0f /s per core (%.1f Gadd/s)%n",
                single * 1e3, 1 / single, ADDITIONS / single / 1e9);
        out.printf(
                "  one vector per core, %d cores: %.3f ms = %5.0f /s per core, %.0f /s on"
                        + " %d cores%n",
                threads, loaded * 1e3, 1 / loaded, threads / loaded, threads);
        double rate = number(big, "rate");
        double growth = number(big, "growth") / MIB;
        out.printf(
                "target at 2^20 x 2^20: >= 1,000 projections/s in <= 64 MiB: %.0f /s, %.1f MiB"
                        + " -> %s; %.0f%% of the bare-transform floor of %d cores%n",
                rate,
                growth,
                rate >= 1000 && growth <= 64 ? "met" : "NOT met",
                100 * rate * loaded / threads,
                threads);
    }

    /** The child JVM: measures one configuration and prints a {@value #RESULT} line. */
    public static void main(String[] args) throws Exception {
        String device = args[0];
        int inputSize = Integer.parseInt(args[1]);
        int outputSize = Integer.parseInt(args[2]);
        int rows = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        if (device.equals("gaussian")) {
            // ND4J and BLAS start up before the baseline: they are the library's, not the
            // configuration's. The structured projection does not load them.
            NativeThreads.configure(threads);
            Nd4j.ones(DataType.FLOAT, 64, 64).mmul(Nd4j.ones(DataType.FLOAT, 64, 64)).close();
        }
        Map<String, Object> result =
                device.equals("floor")
                        ? floor(threads, seconds)
                        : projection(device, inputSize, outputSize, rows, threads, seconds);
        StringBuilder line = new StringBuilder(RESULT);
        result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        System.out.println(line);
    }

    private static Map<String, Object> projection(
            String device, int inputSize, int outputSize, int rows, int threads, int seconds) {
        ProcessMemory.resetPeak();
        long before = ProcessMemory.residentBytes();
        float[] input = gaussian(rows * inputSize);
        Runnable step;
        long holds;
        if (device.equals("structured")) {
            StructuredProjection projection =
                    new StructuredProjection(inputSize, outputSize, 1, threads);
            float[] output = new float[rows * outputSize];
            step = () -> projection.project(input, rows, output);
            holds = projection.bytes();
        } else {
            GaussianProjection projection = new GaussianProjection(inputSize, outputSize, 1);
            INDArray batch = NdArrays.matrix(input, rows, inputSize);
            // The result is freed at once, as a caller done with it would, rather than left
            // to the garbage collector.
            step = () -> projection.project(batch).close();
            holds = 4L * inputSize * outputSize;
        }
        repeat(step, warmUp(seconds));
        double rate = rows * repeat(step, seconds);
        Map<String, Object> result = new HashMap<>();
        result.put("rate", rate);
        long peak = ProcessMemory.peakResidentBytes();
        result.put("growth", peak - before);
        result.put("peak", peak);
        result.put("holds", holds);
        result.put("batch", 4L * rows * (inputSize + outputSize));
        return result;
    }

    /**
     * Bare transforms of 2^20 values: one vector on one core, then one vector per core on all cores
     * at once. Only transform() is timed; the load before each keeps the values finite (repeated
     * transforms would overflow, and this CPU slows down on infinities).
     */
    private static Map<String, Object> floor(int threads, int seconds) throws InterruptedException {
        Map<String, Object> result = new HashMap<>();
        perTransform(seconds);
        result.put("single", perTransform(seconds));
        double[] perCore = new double[threads];
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int core = i;
            workers[i] = new Thread(() -> perCore[core] = perTransform(seconds));
            workers[i].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        result.put("loaded", Arrays.stream(perCore).average().orElseThrow());
        return result;
    }

    /** Seconds per bare transform of 2^20 values, over about {@code seconds} of work. */
    private static double perTransform(int seconds) {
        WalshHadamard transform = new WalshHadamard(BIG);
        float[] x = gaussian(BIG);
        float[] ones = new float[BIG];
        Arrays.fill(ones, 1f);
        float[][] factors = WalshHadamard.tiles(ones);
        long timed = 0;
        long count = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            transform.load(x, 0, factors);
            long start = System.nanoTime();
            transform.transform();
            timed += System.nanoTime() - start;
            count++;
        }
        return timed / 1e9 / count;
    }

    private Map<String, String> child(Config config) throws IOException, InterruptedException {
        List<String> command =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + config.heap(),
                        "-XX:+Use" + config.gc() + "GC",
                        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ProjectionBenchmark.class.getName(),
                        config.device(),
                        String.valueOf(config.inputSize()),
                        String.valueOf(config.outputSize()),
                        String.valueOf(config.rows()),
                        String.valueOf(threads),
                        String.valueOf(seconds));
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> result = null;
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(RESULT + " ")) {
                    result = new HashMap<>();
                    for (String pair : line.substring(RESULT.length() + 1).split(" ")) {
                        String[] keyValue = pair.split("=", 2);
                        result.put(keyValue[0], keyValue[1]);
                    }
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result == null) {
            throw new IOException(
                    config + ": the child JVM exited with " + exit + " and no result");
        }
        return result;
    }

    /** Runs {@code step} for about {@code seconds}; returns the steps per second. */
    private static double repeat(Runnable step, int seconds) {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long steps = 0;
        do {
            step.run();
            steps++;
        } while (System.nanoTime() < end);
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    private static int warmUp(int seconds) {
        return Math.max(2, seconds / 2);
    }

    private static float[] gaussian(int n) {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static double number(Map<String, String> result, String key) {
        return Double.parseDouble(result.get(key));
    }

    private static String describeVm() {
        return "java "
                + System.getProperty("java.version")
                + " "
                + System.getProperty("java.vm.name");
    }
}
