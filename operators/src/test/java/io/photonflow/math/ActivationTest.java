package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActivationTest {

    private static final float[] POINTS = {-2.5f, -1f, -0.3f, 0.2f, 0.7f, 1.9f};

    @Test
    void matchesHandComputedValues() {
        INDArray a = NdArrays.vector(new float[] {-1f, 0f, 2f});
        assertThat(NdArrays.toFloats(Activation.TANH.apply(a)))
                .containsExactly(new float[] {-0.7615942f, 0f, 0.9640276f}, within(1e-6f));
        assertThat(NdArrays.toFloats(Activation.RELU.apply(a))).containsExactly(0f, 0f, 2f);
        assertThat(NdArrays.toFloats(Activation.SIGMOID.apply(a)))
                .containsExactly(new float[] {0.26894142f, 0.5f, 0.8807971f}, within(1e-6f));
        assertThat(NdArrays.toFloats(Activation.IDENTITY.apply(a))).containsExactly(-1f, 0f, 2f);
    }

    @Test
    void reluDerivativeIsStepWithZeroAtZero() {
        INDArray a = NdArrays.vector(new float[] {-1f, 0f, 3f});
        INDArray h = Activation.RELU.apply(a);
        assertThat(NdArrays.toFloats(Activation.RELU.derivative(a, h))).containsExactly(0f, 0f, 1f);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesCentralFiniteDifferences(Activation activation) {
        double eps = 1e-3;
        INDArray a = NdArrays.vector(POINTS);
        float[] analytic = NdArrays.toFloats(activation.derivative(a, activation.apply(a)));
        for (int i = 0; i < POINTS.length; i++) {
            double numeric =
                    (value(activation, POINTS[i] + eps) - value(activation, POINTS[i] - eps))
                            / (2 * eps);
            assertThat((double) analytic[i])
                    .as("f'(%s)", POINTS[i])
                    .isCloseTo(numeric, within(1e-3));
        }
    }

    @Test
    void applyLeavesItsInputUnchanged() {
        INDArray a = NdArrays.vector(new float[] {-1f, 2f});
        Activation.TANH.apply(a);
        assertThat(NdArrays.toFloats(a)).containsExactly(-1f, 2f);
    }

    private static double value(Activation activation, double x) {
        return activation.apply(NdArrays.vector(new float[] {(float) x})).getDouble(0);
    }
}
