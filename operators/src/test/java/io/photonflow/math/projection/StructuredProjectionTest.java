package io.photonflow.math.projection;

import static io.photonflow.math.projection.WalshHadamardTest.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.NdArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class StructuredProjectionTest {

    /**
     * The Johnson–Lindenstrauss lemma (Dasgupta and Gupta's proof): a random map to m dimensions
     * keeps the squared distances among q points within a factor 1 ± eps, with probability at least
     * 1 - 1/q, once m &gt;= 4 ln(q) / (eps²/2 - eps³/3). Norms and inner products of p vectors
     * follow from the distances among the p vectors, their negatives and the origin (|&lt;x,y&gt;'
     * - &lt;x,y&gt;| &lt;= eps ||x|| ||y|| by polarization), so q = 2p + 1 would do; q = p² is
     * taken to be safe. Returns the eps the bound gives for m dimensions.
     */
    private static double johnsonLindenstraussEps(int m, int points) {
        double target = 4 * Math.log((double) points * points) / m;
        double eps = 0;
        while (eps * eps / 2 - eps * eps * eps / 3 < target) {
            eps += 1e-4;
        }
        return eps;
    }

    @Test
    void preservesNormsAndInnerProductsWithinTheJohnsonLindenstraussBound() {
        // 100,000 -> 4,096 runs on two tiles (n = 2^17), inputs scattered, outputs gathered;
        // 3,000 -> 2,000 runs the small transform (n = 4,096).
        assertPreservesGeometry(100_000, 4096);
        assertPreservesGeometry(3000, 2000);
    }

    private static void assertPreservesGeometry(int inputSize, int outputSize) {
        int count = 100;
        double eps = johnsonLindenstraussEps(outputSize, count);
        assertThat(eps).isLessThan(0.25);
        StructuredProjection projection = new StructuredProjection(inputSize, outputSize, 11);
        float[] x = gaussian(count * inputSize, 12);
        float[] y = new float[count * outputSize];
        projection.project(x, count, y);
        // E ||xB||² = (outputSize / inputSize) ||x||²: undo that factor.
        double rescale = (double) inputSize / outputSize;
        for (int a = 0; a < count; a++) {
            double normA = Math.sqrt(dot(x, a, x, a, inputSize));
            double projectedA = rescale * dot(y, a, y, a, outputSize);
            assertThat(projectedA / (normA * normA)).isCloseTo(1, within(eps));
            for (int b = a + 1; b < count; b++) {
                double normB = Math.sqrt(dot(x, b, x, b, inputSize));
                double product = dot(x, a, x, b, inputSize);
                double projected = rescale * dot(y, a, y, b, outputSize);
                assertThat(Math.abs(projected - product)).isLessThanOrEqualTo(eps * normA * normB);
            }
        }
    }

    @Test
    void entriesOfTheImplicitMatrixHaveMeanZeroAndVarianceOneOverTheInputWidth() {
        int inputSize = 64;
        int outputSize = 1000;
        StructuredProjection projection = new StructuredProjection(inputSize, outputSize, 3);
        float[] identity = new float[inputSize * inputSize];
        for (int i = 0; i < inputSize; i++) {
            identity[i * inputSize + i] = 1f;
        }
        float[] b = new float[inputSize * outputSize];
        projection.project(identity, inputSize, b);
        double mean = 0;
        for (float value : b) {
            assertThat(Math.abs(value)).isEqualTo(0.125f);
            mean += value;
        }
        mean /= b.length;
        double variance = 0;
        for (float value : b) {
            variance += (value - mean) * (value - mean);
        }
        variance /= b.length - 1;
        // 64,000 entries of ±1/8: the standard error of the mean is (1/8) / sqrt(64,000) = 5e-4.
        assertThat(mean).isCloseTo(0, within(2e-3));
        assertThat(variance).isCloseTo(1.0 / inputSize, within(1e-4));
    }

    @Test
    void projectsThroughTheMatrixItsUnitVectorsReveal() {
        int inputSize = 24;
        int outputSize = 40;
        StructuredProjection projection = new StructuredProjection(inputSize, outputSize, 5);
        float[] identity = new float[inputSize * inputSize];
        for (int i = 0; i < inputSize; i++) {
            identity[i * inputSize + i] = 1f;
        }
        float[] b = new float[inputSize * outputSize];
        projection.project(identity, inputSize, b);
        float[] x = gaussian(inputSize, 6);
        float[] y = new float[outputSize];
        projection.project(x, 1, y);
        for (int k = 0; k < outputSize; k++) {
            double expected = 0;
            for (int i = 0; i < inputSize; i++) {
                expected += x[i] * b[i * outputSize + k];
            }
            assertThat((double) y[k]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        float[] x = gaussian(3 * 1000, 1);
        float[] a = projectWith(new StructuredProjection(1000, 3000, 42), x, 3);
        float[] b = projectWith(new StructuredProjection(1000, 3000, 42), x, 3);
        float[] c = projectWith(new StructuredProjection(1000, 3000, 43), x, 3);
        assertBitIdentical(a, b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aBatchEqualsItsRowsProjectedOneByOne() {
        int rows = 5;
        int inputSize = 1 << 17;
        int outputSize = 1 << 16;
        StructuredProjection projection = new StructuredProjection(inputSize, outputSize, 8);
        float[] x = gaussian(rows * inputSize, 9);
        float[] batch = projectWith(projection, x, rows);
        for (int row = 0; row < rows; row++) {
            float[] single = Arrays.copyOfRange(x, row * inputSize, (row + 1) * inputSize);
            float[] expected = Arrays.copyOfRange(batch, row * outputSize, (row + 1) * outputSize);
            assertBitIdentical(projectWith(projection, single, 1), expected);
        }
    }

    @Test
    void aBatchSplitAcrossThreadsEqualsOneThreadBitForBit() {
        int rows = 7;
        int size = 1 << 17;
        float[] x = gaussian(rows * size, 10);
        float[] sequential = projectWith(new StructuredProjection(size, size, 4, 1), x, rows);
        for (int threads : new int[] {2, 3}) {
            StructuredProjection parallel = new StructuredProjection(size, size, 4, threads);
            assertBitIdentical(projectWith(parallel, x, rows), sequential);
        }
    }

    @Test
    void theNdArrayPathEqualsTheFloatArrayPath() {
        StructuredProjection projection = new StructuredProjection(10, 2048, 2);
        float[] x = gaussian(4 * 10, 3);
        INDArray projected = projection.project(NdArrays.matrix(x, 4, 10));
        assertThat(projected.shape()).containsExactly(4, 2048);
        assertBitIdentical(NdArrays.toFloats(projected), projectWith(projection, x, 4));
    }

    @Test
    void rejectsErrorsOfTheWrongWidth() {
        StructuredProjection projection = new StructuredProjection(10, 2048, 2);
        assertThatThrownBy(() -> projection.project(NdArrays.matrix(new float[12], 2, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width 10");
        assertThatThrownBy(() -> projection.project(new float[10], 2, new float[4096]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] projectWith(StructuredProjection projection, float[] x, int rows) {
        float[] y = new float[rows * projection.outputSize()];
        projection.project(x, rows, y);
        return y;
    }

    private static double dot(float[] u, int rowU, float[] v, int rowV, int width) {
        double sum = 0;
        for (int i = 0; i < width; i++) {
            sum += (double) u[rowU * width + i] * v[rowV * width + i];
        }
        return sum;
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
