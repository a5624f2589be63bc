package io.photonflow.math.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.NdArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GaussianProjectionTest {

    @Test
    void entriesHaveMeanZeroAndVarianceOneOverTheInputWidth() {
        GaussianProjection projection = new GaussianProjection(10, 20_000, 7);
        float[] b = NdArrays.toFloats(projection.matrix());
        double mean = 0;
        for (float value : b) {
            mean += value;
        }
        mean /= b.length;
        double variance = 0;
        for (float value : b) {
            variance += (value - mean) * (value - mean);
        }
        variance /= b.length - 1;
        // 200,000 draws: the standard error of the mean is sqrt(0.1 / 2e5) = 7e-4, of the
        // variance 0.1 * sqrt(2 / 2e5) = 3.2e-4.
        assertThat(mean).isCloseTo(0, within(3e-3));
        assertThat(variance).isCloseTo(0.1, within(1.5e-3));
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherMatrix() {
        INDArray a = new GaussianProjection(10, 64, 42).matrix();
        INDArray b = new GaussianProjection(10, 64, 42).matrix();
        INDArray c = new GaussianProjection(10, 64, 43).matrix();
        assertThat(NdArrays.toFloats(a)).containsExactly(NdArrays.toFloats(b));
        assertThat(NdArrays.toFloats(a)).isNotEqualTo(NdArrays.toFloats(c));
    }

    @Test
    void projectsEveryRowThroughTheMatrix() {
        GaussianProjection projection = new GaussianProjection(2, 3, 1);
        INDArray b = projection.matrix();
        INDArray e = NdArrays.matrix(new float[] {1f, 0f, 0.5f, -2f}, 2, 2);
        INDArray projected = projection.project(e);
        for (int col = 0; col < 3; col++) {
            assertThat(projected.getFloat(0, col)).isEqualTo(b.getFloat(0, col));
            assertThat(projected.getFloat(1, col))
                    .isCloseTo(0.5f * b.getFloat(0, col) - 2f * b.getFloat(1, col), within(1e-6f));
        }
    }
}
