package io.photonflow.math.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelsTest {

    private static final Kernels VECTOR = new VectorKernels();
    private static final Kernels SCALAR = Kernels.scalar();

    /** Surefire starts the JVM with the module; without it, the comparisons below prove nothing. */
    @Test
    void theVectorKernelsAreTheBestOnThisJvm() {
        assertThat(Kernels.best()).isInstanceOf(VectorKernels.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 17, 100, 4097, 10_003})
    void adamGivesTheSameBitsInBothImplementations(int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] p = random(random, n, 1f);
        float[] g = random(random, n, 1e-2f);
        float[] m = random(random, n, 1e-3f);
        float[] v = abs(random(random, n, 1e-5f));
        AdamStep step = new AdamStep(1.3e-3f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f);
        ByteBuffer[] vector = {buffer(p), buffer(g), buffer(m), buffer(v)};
        ByteBuffer[] scalar = {buffer(p), buffer(g), buffer(m), buffer(v)};
        for (int round = 0; round < 3; round++) {
            VECTOR.adam(vector[0], vector[1], vector[2], vector[3], vector[0], step);
            SCALAR.adam(scalar[0], scalar[1], scalar[2], scalar[3], scalar[0], step);
        }
        for (int k = 0; k < 4; k++) {
            assertThat(bits(vector[k])).as("array %d", k).containsExactly(bits(scalar[k]));
        }
        assertThat(floats(vector[1])).as("the gradient is left as it was").containsExactly(g);
    }

    @Test
    void adamIntoAnotherArrayLeavesTheParameterAndGivesTheSameBits() {
        SplittableRandom random = new SplittableRandom(3);
        float[] p = random(random, 37, 1f);
        float[] g = random(random, 37, 1e-2f);
        AdamStep step = new AdamStep(1.3e-3f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f);
        for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
            ByteBuffer inPlace = buffer(p);
            kernels.adam(
                    inPlace,
                    buffer(g),
                    buffer(new float[37]),
                    buffer(new float[37]),
                    inPlace,
                    step);
            ByteBuffer source = buffer(p);
            ByteBuffer target = buffer(new float[37]);
            kernels.adam(
                    source, buffer(g), buffer(new float[37]), buffer(new float[37]), target, step);
            assertThat(bits(target)).containsExactly(bits(inPlace));
            assertThat(floats(source)).containsExactly(p);
        }
    }

    @Test
    void adamMatchesItsFormulaByHand() {
        ByteBuffer p = buffer(new float[] {1f});
        ByteBuffer m = buffer(new float[] {0f});
        ByteBuffer v = buffer(new float[] {0f});
        SCALAR.adam(
                p,
                buffer(new float[] {0.5f}),
                m,
                v,
                p,
                new AdamStep(0.1f, 0.9f, 0.99f, 0.1f, 0.01f, 0f));
        // m = 0.05, v = 0.0025, p = 1 - 0.1 * 0.05 / 0.05
        assertThat(floats(m)[0]).isCloseTo(0.05f, within(1e-7f));
        assertThat(floats(v)[0]).isCloseTo(0.0025f, within(1e-9f));
        assertThat(floats(p)[0]).isCloseTo(0.9f, within(1e-6f));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 1024})
    void tanhGivesTheSameBitsInBothImplementations(int cols) {
        int rows = 5;
        SplittableRandom random = new SplittableRandom(cols);
        float[] product = random(random, rows * cols, 12f);
        product[0] = Float.NaN;
        float[] bias = random(random, cols, 1f);
        ByteBuffer vectorOut = buffer(new float[rows * cols]);
        ByteBuffer vectorDerivative = buffer(new float[rows * cols]);
        ByteBuffer scalarOut = buffer(new float[rows * cols]);
        ByteBuffer scalarDerivative = buffer(new float[rows * cols]);
        VECTOR.tanh(buffer(product), buffer(bias), rows, cols, vectorOut, vectorDerivative);
        SCALAR.tanh(buffer(product), buffer(bias), rows, cols, scalarOut, scalarDerivative);
        assertThat(bits(vectorOut)).containsExactly(bits(scalarOut));
        assertThat(bits(vectorDerivative)).containsExactly(bits(scalarDerivative));
        float[] y = floats(scalarOut);
        float[] d = floats(scalarDerivative);
        assertThat(y[0]).isNaN();
        for (int i = 1; i < y.length; i++) {
            double a = product[i] + bias[i % cols];
            assertThat((double) y[i]).isCloseTo(Math.tanh(a), within(3e-7));
            assertThat(d[i]).isEqualTo(1f - y[i] * y[i]);
        }
    }

    @Test
    void rationalTanhStaysWithinAFewUlpOfTanh() {
        double worst = 0;
        for (float a = -12f; a <= 12f; a += 1e-3f) {
            float y = RationalTanh.of(a);
            worst = Math.max(worst, Math.abs(y - Math.tanh(a)) / Math.ulp((float) Math.tanh(a)));
            assertThat(Math.abs(y)).isLessThanOrEqualTo(1f);
        }
        assertThat(worst).isLessThan(6);
        assertThat(RationalTanh.of(0f)).isZero();
        assertThat(RationalTanh.of(Float.POSITIVE_INFINITY))
                .isEqualTo(RationalTanh.of(RationalTanh.CLAMP));
    }

    @Test
    void tanhWithoutDerivativeWritesOnlyTheOutput() {
        ByteBuffer out = buffer(new float[2]);
        VECTOR.tanh(buffer(new float[] {0.5f, -1f}), buffer(new float[] {0.5f}), 2, 1, out, null);
        assertThat(floats(out))
                .containsExactly(new float[] {0.7615942f, -0.46211717f}, within(3e-7f));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 16, 31, 1024})
    void columnSumsAddEachColumnRowByRow(int cols) {
        int rows = 7;
        float[] matrix = random(new SplittableRandom(cols), rows * cols, 1f);
        ByteBuffer vector = buffer(new float[cols]);
        ByteBuffer scalar = buffer(new float[cols]);
        VECTOR.columnSums(buffer(matrix), rows, cols, vector);
        SCALAR.columnSums(buffer(matrix), rows, cols, scalar);
        assertThat(bits(vector)).containsExactly(bits(scalar));
        float[] sums = floats(scalar);
        for (int j = 0; j < cols; j++) {
            float expected = 0f;
            for (int i = 0; i < rows; i++) {
                expected += matrix[i * cols + j];
            }
            assertThat(sums[j]).isEqualTo(expected);
        }
    }

    @Test
    void columnSumsOfAHandCheckedMatrix() {
        ByteBuffer sums = buffer(new float[3]);
        VECTOR.columnSums(buffer(new float[] {1f, 2f, 3f, 10f, 20f, 30f}), 2, 3, sums);
        assertThat(floats(sums)).containsExactly(11f, 22f, 33f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 23, 64})
    void addScaledRowGivesTheSameBitsInBothImplementations(int width) {
        SplittableRandom random = new SplittableRandom(width);
        float[] row = random(random, width + 3, 1f);
        float[] vector = random(random, width + 5, 1f);
        float[] scalar = vector.clone();
        float[] expected = vector.clone();
        VECTOR.addScaledRow(0.37f, row, 3, vector, 5, width);
        SCALAR.addScaledRow(0.37f, row, 3, scalar, 5, width);
        for (int j = 0; j < width; j++) {
            expected[5 + j] += 0.37f * row[3 + j];
        }
        assertThat(vector).containsExactly(scalar).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 16, 999, 1000})
    void allFiniteFindsOneBadValueAnywhere(int at) {
        float[] values = random(new SplittableRandom(at), 1001, 3e38f);
        for (Kernels kernels : new Kernels[] {VECTOR, SCALAR}) {
            assertThat(kernels.allFinite(buffer(values))).isTrue();
            for (float bad :
                    new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] copy = values.clone();
                copy[at] = bad;
                assertThat(kernels.allFinite(buffer(copy))).as("%s at %d", bad, at).isFalse();
            }
        }
    }

    @Test
    void mismatchedLengthsAreRefused() {
        AdamStep step = new AdamStep(1f, 0.9f, 0.99f, 0.1f, 0.01f, 1e-8f);
        ByteBuffer four = buffer(new float[4]);
        assertThatThrownBy(() -> VECTOR.adam(four, buffer(new float[3]), four, four, four, step))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different lengths");
        assertThatThrownBy(() -> VECTOR.columnSums(four, 3, 2, buffer(new float[2])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3x2 matrix needs 6 values");
    }

    private static float[] random(SplittableRandom random, int n, float scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * scale);
        }
        return values;
    }

    private static float[] abs(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.abs(values[i]);
        }
        return values;
    }

    private static ByteBuffer buffer(float[] values) {
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    private static float[] floats(ByteBuffer buffer) {
        float[] values = new float[buffer.limit() / 4];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    private static int[] bits(ByteBuffer buffer) {
        float[] values = floats(buffer);
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
