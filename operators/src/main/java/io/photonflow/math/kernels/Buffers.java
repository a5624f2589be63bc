package io.photonflow.math.kernels;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Views and length checks shared by the kernels. */
final class Buffers {

    private Buffers() {}

    static FloatBuffer floats(ByteBuffer bytes) {
        if (bytes.order() != ByteOrder.nativeOrder() || bytes.position() != 0) {
            throw new IllegalArgumentException(
                    "kernels read native-order buffers from position 0, got " + bytes);
        }
        return bytes.asFloatBuffer();
    }

    /** The values of {@code bytes} from value {@code first} on, as a buffer from position 0. */
    static ByteBuffer from(ByteBuffer bytes, int first) {
        int offset = Float.BYTES * first;
        return bytes.slice(offset, bytes.limit() - offset).order(ByteOrder.nativeOrder());
    }

    static int values(ByteBuffer bytes) {
        return floats(bytes).limit();
    }

    /** The common length of the buffers, which must all hold as many values. */
    static int sameLength(Buffer... buffers) {
        int n = buffers[0].limit();
        for (Buffer buffer : buffers) {
            if (buffer.limit() != n) {
                throw new IllegalArgumentException(
                        "buffers of different lengths: " + buffer.limit() + " and " + n);
            }
        }
        return n;
    }

    /**
     * Checks a rows x cols {@code matrix}, a {@code row} of cols values, and optional results
     * shaped like the matrix.
     */
    static void checkMatrix(
            FloatBuffer matrix, int rows, int cols, FloatBuffer row, FloatBuffer a, FloatBuffer b) {
        if ((long) rows * cols != matrix.limit() || row.limit() != cols) {
            throw new IllegalArgumentException(
                    "a "
                            + rows
                            + "x"
                            + cols
                            + " matrix needs "
                            + (long) rows * cols
                            + " values and a row of "
                            + cols
                            + ", got "
                            + matrix.limit()
                            + " and "
                            + row.limit());
        }
        for (FloatBuffer result : new FloatBuffer[] {a, b}) {
            if (result != null && result.limit() != matrix.limit()) {
                throw new IllegalArgumentException(
                        "a result of "
                                + result.limit()
                                + " values for a matrix of "
                                + matrix.limit());
            }
        }
    }
}
