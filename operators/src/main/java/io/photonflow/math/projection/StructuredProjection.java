package io.photonflow.math.projection;

import io.photonflow.math.NdArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An implicit random projection that never stores its matrix, for sizes no matrix fits (up to 2^20
 * x 2^20 and beyond): a subsampled randomized Hadamard transform, O(n log n) time and O(n) memory
 * per projection, with n = the next power of two at least max(inputSize, outputSize).
 *
 * <p>Row x (inputSize values) is placed at inputSize of the n positions, each value multiplied by a
 * random sign and by 1/sqrt(inputSize); the fast Walsh–Hadamard transform mixes all n positions;
 * outputSize of the n results are kept. So the implicit matrix B (inputSize x outputSize) is
 * ±1/sqrt(inputSize) everywhere: its entries have mean 0 and variance 1/inputSize, as in {@link
 * GaussianProjection}, and ||xB||² = (outputSize/inputSize) ||x||² in expectation, concentrated as
 * the Johnson–Lindenstrauss lemma has it. One transform per projection; no second (Fastfood-style
 * Gaussian) diagonal: it would make single entries Gaussian rather than ±1, at the price of another
 * stream of n floats per projection, and norms and inner products, what DFA's alignment rests on,
 * are preserved without it.
 *
 * <p>Where inputs or outputs are fewer than n, which positions they take is drawn from the seed:
 * the first rows of a Hadamard matrix are periodic (row i depends only on the low bits of the
 * column), so ten inputs placed at positions 0 to 9 would give only 16 distinct columns.
 *
 * <p>Everything is a function of the seed. Rows are independent, so a batch is split across {@code
 * threads} workers, each with its own transform buffer, and the result does not depend on the
 * split. An instance is not safe for concurrent use: one per thread that projects.
 */
public final class StructuredProjection implements FeedbackProjection {

    private final int inputSize;
    private final int outputSize;
    private final int size;

    /** Sign times scale per position when every position holds an input, else null. */
    private final float[][] tiledFactors;

    /** Sign times scale per input when inputs take some of the positions, else null. */
    private final float[] factors;

    private final int[] inputPositions;
    private final int[] outputPositions;
    private final WalshHadamard[] buffers;

    /** A projection run by the calling thread alone. */
    public StructuredProjection(int inputSize, int outputSize, long seed) {
        this(inputSize, outputSize, seed, 1);
    }

    /**
     * A projection that splits batches across {@code threads} workers (the calling thread and the
     * common fork-join pool).
     */
    public StructuredProjection(int inputSize, int outputSize, long seed, int threads) {
        if (inputSize < 1 || outputSize < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "sizes and threads must be positive, got "
                            + inputSize
                            + " -> "
                            + outputSize
                            + " on "
                            + threads
                            + " threads");
        }
        int larger = Math.max(inputSize, outputSize);
        if (larger > 1 << 30) {
            throw new IllegalArgumentException("at most 2^30 values per row, got " + larger);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.size = larger == 1 ? 1 : Integer.highestOneBit(larger - 1) << 1;
        SplittableRandom random = new SplittableRandom(seed);
        float[] signs = signs(random.split(), inputSize, (float) (1.0 / Math.sqrt(inputSize)));
        boolean everyPosition = inputSize == size;
        this.tiledFactors = everyPosition ? WalshHadamard.tiles(signs) : null;
        this.factors = everyPosition ? null : signs;
        this.inputPositions = everyPosition ? null : choose(random.split(), size, inputSize);
        this.outputPositions = outputSize == size ? null : choose(random.split(), size, outputSize);
        this.buffers = new WalshHadamard[threads];
        for (int i = 0; i < threads; i++) {
            buffers[i] = new WalshHadamard(size);
        }
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    /** n: the length of the transform, a power of two. */
    public int transformSize() {
        return size;
    }

    /** Number of workers a batch is split across. */
    public int threads() {
        return buffers.length;
    }

    /** Bytes this projection holds: its random diagonal and positions, and its buffers. */
    public long bytes() {
        long held = 4L * inputSize;
        held += inputPositions == null ? 0 : 4L * inputPositions.length;
        held += outputPositions == null ? 0 : 4L * outputPositions.length;
        for (WalshHadamard buffer : buffers) {
            held += buffer.bytes();
        }
        return held;
    }

    @Override
    public INDArray project(INDArray error) {
        if (error.columns() != inputSize) {
            throw new IllegalArgumentException(
                    "projection expects errors of width "
                            + inputSize
                            + ", got "
                            + error.shapeInfoToString());
        }
        int rows = (int) error.rows();
        float[] projected = new float[rows * outputSize];
        project(NdArrays.toFloats(error), rows, projected);
        return NdArrays.matrix(projected, rows, outputSize);
    }

    /**
     * The fast path: projects {@code rows} rows of {@code input} (row-major, inputSize values each)
     * into {@code output} (row-major, outputSize values each). Allocates nothing per row.
     */
    public void project(float[] input, int rows, float[] output) {
        if (input.length < (long) rows * inputSize || output.length < (long) rows * outputSize) {
            throw new IllegalArgumentException(
                    rows
                            + " rows of "
                            + inputSize
                            + " -> "
                            + outputSize
                            + " need arrays of "
                            + (long) rows * inputSize
                            + " and "
                            + (long) rows * outputSize
                            + " values, got "
                            + input.length
                            + " and "
                            + output.length);
        }
        int workers = Math.min(buffers.length, rows);
        if (workers == 0) {
            return;
        }
        ForkJoinPool pool = ForkJoinPool.commonPool();
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[workers - 1];
        for (int w = 1; w < workers; w++) {
            WalshHadamard buffer = buffers[w];
            int from = (int) ((long) rows * w / workers);
            int to = (int) ((long) rows * (w + 1) / workers);
            others[w - 1] = pool.submit(() -> project(buffer, input, output, from, to));
        }
        project(buffers[0], input, output, 0, rows / workers);
        for (ForkJoinTask<?> other : others) {
            other.join();
        }
    }

    private void project(WalshHadamard buffer, float[] input, float[] output, int from, int to) {
        for (int row = from; row < to; row++) {
            int in = row * inputSize;
            int out = row * outputSize;
            if (inputPositions != null) {
                buffer.scatter(input, in, inputPositions, factors);
            }
            buffer.transform(
                    inputPositions == null ? input : null,
                    in,
                    tiledFactors,
                    outputPositions == null ? output : null,
                    out);
            if (outputPositions != null) {
                buffer.gather(outputPositions, output, out);
            }
        }
    }

    private static float[] signs(SplittableRandom random, int count, float scale) {
        float[] signs = new float[count];
        for (int i = 0; i < count; i++) {
            signs[i] = random.nextBoolean() ? scale : -scale;
        }
        return signs;
    }

    /** {@code count} distinct values of [0, n) in random order: a partial Fisher–Yates shuffle. */
    private static int[] choose(SplittableRandom random, int n, int count) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int chosen = values[j];
            values[j] = values[i];
            values[i] = chosen;
        }
        return Arrays.copyOf(values, count);
    }
}
