package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Conversions between float arrays (what records and state carry) and ND4J arrays. */
public final class NdArrays {

    private NdArrays() {}

    /** A new rows x cols FLOAT matrix holding a copy of row-major {@code data}. */
    public static INDArray matrix(float[] data, int rows, int cols) {
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "A " + rows + "x" + cols + " matrix needs " + (long) rows * cols
                            + " values, got " + data.length);
        }
        return Nd4j.create(data, new long[] {rows, cols}, 'c');
    }

    /** A new FLOAT vector holding a copy of {@code data}. */
    public static INDArray vector(float[] data) {
        return Nd4j.create(data, new long[] {data.length}, 'c');
    }

    /** The values of {@code array} in row-major order, as a new float array. */
    public static float[] toFloats(INDArray array) {
        INDArray contiguous = array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
        return contiguous.data().asFloat();
    }

    /** True when every entry of {@code array} is finite. */
    public static boolean allFinite(INDArray array) {
        return array.isEmpty() || BooleanIndexing.and(array, Conditions.isFinite());
    }
}
