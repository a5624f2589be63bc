package io.photonflow.flink.types;

import io.photonflow.math.NdArrays;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense row-major float matrix: how tensors travel on Flink edges and live in Flink state. The
 * array is shared, not copied, so treat a matrix as immutable once it has been emitted.
 */
@TypeInfo(FloatMatrixTypeInfoFactory.class)
public final class FloatMatrix {

    private final int rows;
    private final int cols;
    private final float[] data;

    public FloatMatrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0 || data.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "a " + rows + "x" + cols + " matrix cannot hold " + data.length + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A copy of a matrix (or of a vector, as one row) held in ND4J. */
    public static FloatMatrix of(INDArray array) {
        if (array.rank() == 1) {
            return new FloatMatrix(1, (int) array.length(), NdArrays.toFloats(array));
        }
        if (array.rank() != 2) {
            throw new IllegalArgumentException(
                    "only vectors and matrices travel as FloatMatrix, got shape "
                            + Arrays.toString(array.shape()));
        }
        return new FloatMatrix((int) array.rows(), (int) array.columns(), NdArrays.toFloats(array));
    }

    /**
     * The matrices side by side, in order, as one new matrix (a layer's column shards joined). All
     * must have the same number of rows.
     */
    public static FloatMatrix joinColumns(List<FloatMatrix> blocks) {
        int rows = blocks.get(0).rows;
        int cols = 0;
        for (FloatMatrix block : blocks) {
            if (block.rows != rows) {
                throw new IllegalArgumentException(
                        "blocks of " + rows + " and " + block.rows + " rows cannot be joined");
            }
            cols += block.cols;
        }
        float[] joined = new float[rows * cols];
        int from = 0;
        for (FloatMatrix block : blocks) {
            for (int row = 0; row < rows; row++) {
                System.arraycopy(
                        block.data, row * block.cols, joined, row * cols + from, block.cols);
            }
            from += block.cols;
        }
        return new FloatMatrix(rows, cols, joined);
    }

    /** Columns [from, to) as a new matrix. */
    public FloatMatrix columns(int from, int to) {
        if (from < 0 || to > cols || from > to) {
            throw new IllegalArgumentException(
                    "columns [" + from + ", " + to + ") of a matrix of " + cols + " columns");
        }
        int width = to - from;
        float[] block = new float[rows * width];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(data, row * cols + from, block, row * width, width);
        }
        return new FloatMatrix(rows, width, block);
    }

    /**
     * The element-wise sum of {@code terms}, added in order, (t0 + t1) + t2 and so on: the order
     * the reference trainer adds them in, so that both get the same bits.
     */
    public static FloatMatrix sum(List<FloatMatrix> terms) {
        FloatMatrix first = terms.get(0);
        float[] sum = first.data.clone();
        for (FloatMatrix term : terms.subList(1, terms.size())) {
            if (term.rows != first.rows || term.cols != first.cols) {
                throw new IllegalArgumentException(
                        "a "
                                + term.rows
                                + "x"
                                + term.cols
                                + " matrix added to a "
                                + first.rows
                                + "x"
                                + first.cols
                                + " one");
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += term.data[i];
            }
        }
        return new FloatMatrix(first.rows, first.cols, sum);
    }

    /** This matrix as a new ND4J matrix. */
    public INDArray toMatrix() {
        return NdArrays.matrix(data, rows, cols);
    }

    /**
     * A layer's input as a new ND4J matrix, or null when this matrix has no columns: what the
     * source sends a layer that holds its input itself (a graph convolution's node features).
     */
    public INDArray toLayerInput() {
        return cols == 0 ? null : toMatrix();
    }

    /** This matrix, which must be one row, as a new ND4J vector. */
    public INDArray toVector() {
        if (rows != 1) {
            throw new IllegalStateException("a " + rows + "x" + cols + " matrix is not a vector");
        }
        return NdArrays.vector(data);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The values, row-major. Shared: do not modify. */
    public float[] data() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FloatMatrix that
                && rows == that.rows
                && cols == that.cols
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + "x" + cols + "]";
    }
}
