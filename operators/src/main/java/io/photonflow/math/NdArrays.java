package io.photonflow.math;

import io.photonflow.math.kernels.Kernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between float arrays (what records and state carry) and ND4J arrays. Values move with
 * one bulk native copy: ND4J's own array constructors copy element by element, which costs more
 * than the matrix products they feed.
 */
public final class NdArrays {

    private NdArrays() {}

    /** A new rows x cols FLOAT matrix holding a copy of row-major {@code data}. */
    public static INDArray matrix(float[] data, int rows, int cols) {
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "A "
                            + rows
                            + "x"
                            + cols
                            + " matrix needs "
                            + (long) rows * cols
                            + " values, got "
                            + data.length);
        }
        INDArray matrix = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        copyInto(matrix, data);
        return matrix;
    }

    /** A new FLOAT vector holding a copy of {@code data}. */
    public static INDArray vector(float[] data) {
        INDArray vector = Nd4j.createUninitialized(DataType.FLOAT, data.length);
        copyInto(vector, data);
        return vector;
    }

    /**
     * Overwrites the values of {@code target}, a dense row-major FLOAT array, with {@code data}.
     */
    public static void copyInto(INDArray target, float[] data) {
        if (target.length() != data.length || !isDense(target)) {
            throw new IllegalArgumentException(
                    "cannot copy " + data.length + " values into " + target.shapeInfoToString());
        }
        if (data.length > 0) {
            new FloatPointer(target.data().addressPointer()).put(data, 0, data.length);
        }
    }

    /** The values of {@code array} in row-major order, as a new float array. */
    public static float[] toFloats(INDArray array) {
        INDArray dense = dense(array);
        float[] values = new float[(int) dense.length()];
        if (values.length > 0) {
            new FloatPointer(dense.data().addressPointer()).get(values, 0, values.length);
        }
        return values;
    }

    /**
     * The values of {@code array}, a FLOAT array whose values lie side by side in row-major order
     * (a view, too), as a native-order byte buffer over the array's own memory, 4 bytes a value
     * from position 0: what is put into it, the array holds. What {@link Kernels} read and write.
     */
    public static ByteBuffer bytes(INDArray array) {
        boolean rowMajor = array.ordering() == 'c' || array.rank() < 2 || array.isVector();
        if (array.dataType() != DataType.FLOAT
                || !rowMajor
                || (array.length() > 1 && array.elementWiseStride() != 1)) {
            throw new IllegalArgumentException(
                    "not a FLOAT array with its values side by side in row-major order: "
                            + array.shapeInfoToString());
        }
        int bytes = Math.toIntExact(array.length() * Float.BYTES);
        if (bytes == 0) {
            return ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
        }
        return new FloatPointer(array.data().addressPointer())
                .limit(array.length())
                .asByteBuffer()
                .order(ByteOrder.nativeOrder());
    }

    /**
     * op(a) op(b) as a new row-major matrix, op transposing where asked: the product ND4J's {@code
     * Nd4j.gemm(a, b, transposeA, transposeB)} computes, to the bit, without zeroing the result
     * before BLAS overwrites it (BLAS reads no output when beta is 0).
     */
    public static INDArray product(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        long rows = transposeA ? a.columns() : a.rows();
        long cols = transposeB ? b.rows() : b.columns();
        INDArray product = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        return Nd4j.gemm(a, b, product, transposeA, transposeB, 1.0, 0.0);
    }

    /**
     * Columns [from, to) of a matrix as a new dense matrix, a row at a time: ND4J's {@code dup} of
     * such a view copies value by value.
     */
    public static INDArray columnBlock(INDArray matrix, int from, int to) {
        int rows = matrix.rows();
        int cols = matrix.columns();
        if (from < 0 || to > cols || from > to) {
            throw new IllegalArgumentException(
                    "columns [" + from + ", " + to + ") of a matrix of " + cols + " columns");
        }
        INDArray dense = dense(matrix);
        INDArray block = Nd4j.createUninitialized(DataType.FLOAT, rows, to - from);
        ByteBuffer source = bytes(dense);
        ByteBuffer target = bytes(block);
        int width = Float.BYTES * (to - from);
        for (int row = 0; row < rows; row++) {
            target.put(row * width, source, Float.BYTES * (row * cols + from), width);
        }
        return block;
    }

    /**
     * The matrices side by side, in order, as one new dense matrix: the inverse of {@link
     * #columnBlock}. All must have the same number of rows.
     */
    public static INDArray joinColumns(List<INDArray> blocks) {
        int rows = blocks.get(0).rows();
        int cols = 0;
        for (INDArray block : blocks) {
            if (block.rows() != rows) {
                throw new IllegalArgumentException(
                        "blocks of " + rows + " and " + block.rows() + " rows cannot be joined");
            }
            cols += block.columns();
        }
        INDArray joined = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        ByteBuffer target = bytes(joined);
        int from = 0;
        for (INDArray block : blocks) {
            ByteBuffer source = bytes(dense(block));
            int width = Float.BYTES * block.columns();
            for (int row = 0; row < rows; row++) {
                target.put(Float.BYTES * (row * cols + from), source, row * width, width);
            }
            from += block.columns();
        }
        return joined;
    }

    /** Overwrites {@code target} with the values of {@code source}, of the same shape. */
    public static void copy(INDArray source, INDArray target) {
        if (!Arrays.equals(source.shape(), target.shape())) {
            throw new IllegalArgumentException(
                    "cannot copy "
                            + source.shapeInfoToString()
                            + " into "
                            + target.shapeInfoToString());
        }
        bytes(target).put(0, bytes(source), 0, Math.toIntExact(Float.BYTES * source.length()));
    }

    /** True when no entry of {@code array} is NaN or infinite. */
    public static boolean allFinite(INDArray array) {
        return array.isEmpty() || Kernels.best().allFinite(bytes(array));
    }

    /** The column sums of a matrix, row by row, as a new vector. */
    public static INDArray columnSums(INDArray array) {
        INDArray matrix = dense(array);
        INDArray sums = Nd4j.createUninitialized(DataType.FLOAT, matrix.columns());
        Kernels.best().columnSums(bytes(matrix), matrix.rows(), matrix.columns(), bytes(sums));
        return sums;
    }

    /** {@code array} itself when it is dense and row-major, else a row-major copy. */
    private static INDArray dense(INDArray array) {
        return isDense(array) ? array : array.dup('c');
    }

    private static boolean isDense(INDArray array) {
        return array.dataType() == DataType.FLOAT
                && array.ordering() == 'c'
                && !array.isView()
                && array.offset() == 0;
    }

    /** Cosine similarity of every row of {@code a} with the same row of {@code b}, in double. */
    public static double[] rowCosines(INDArray a, INDArray b) {
        float[] x = toFloats(a);
        float[] y = toFloats(b);
        int rows = a.rows();
        int cols = a.columns();
        double[] cosines = new double[rows];
        for (int row = 0; row < rows; row++) {
            double xy = 0;
            double xx = 0;
            double yy = 0;
            for (int j = row * cols; j < (row + 1) * cols; j++) {
                xy += (double) x[j] * y[j];
                xx += (double) x[j] * x[j];
                yy += (double) y[j] * y[j];
            }
            cosines[row] = xy / Math.sqrt(xx * yy);
        }
        return cosines;
    }
}
