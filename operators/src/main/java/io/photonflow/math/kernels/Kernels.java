package io.photonflow.math.kernels;

import java.nio.ByteBuffer;

/**
 * One pass over float values held in native-order byte buffers (4 bytes a value, from position 0 to
 * the limit). {@link #best()} picks the vector implementation when the JVM was started with {@code
 * --add-modules jdk.incubator.vector}, the scalar one otherwise; both give the same bits.
 */
public interface Kernels {

    /**
     * One Adam step: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + ((1 - b2) g) g}, {@code
     * updated = p - (stepSize m) / (sqrt(v) + eps)}. {@code updated} may be {@code p} itself (a
     * step in place); {@code g}, and {@code p} when it is not {@code updated}, are left as they
     * were.
     */
    void adam(
            ByteBuffer p,
            ByteBuffer g,
            ByteBuffer m,
            ByteBuffer v,
            ByteBuffer updated,
            AdamStep step);

    /**
     * For a rows x cols row-major {@code product} and a {@code bias} of cols values: {@code output
     * = tanh(product + bias)} (each row plus the bias), and when {@code derivative} is not null,
     * {@code derivative = 1 - output * output}. {@link RationalTanh} defines tanh.
     */
    void tanh(
            ByteBuffer product,
            ByteBuffer bias,
            int rows,
            int cols,
            ByteBuffer output,
            ByteBuffer derivative);

    /** {@code sums[j]} = the sum of column j of a rows x cols row-major matrix, row by row. */
    void columnSums(ByteBuffer matrix, int rows, int cols, ByteBuffer sums);

    /**
     * {@code target[targetFrom + j] += scale * row[rowFrom + j]} for j &lt; width: one nonzero of a
     * sparse matrix times a row of a dense one, heap arrays both.
     */
    void addScaledRow(
            float scale, float[] row, int rowFrom, float[] target, int targetFrom, int width);

    /** True when no value is NaN or infinite. */
    boolean allFinite(ByteBuffer values);

    /** The vector kernels when the vector API is available to this JVM, the scalar ones if not. */
    static Kernels best() {
        return Choice.BEST;
    }

    /** The scalar kernels, whatever the JVM offers: for tests that compare the two. */
    static Kernels scalar() {
        return Choice.SCALAR;
    }
}
