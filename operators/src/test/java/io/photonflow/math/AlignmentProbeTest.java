package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AlignmentProbeTest {

    private static final DenseLayer LAYER =
            new DenseLayer(new LayerShape(0, 3, 4, Activation.TANH));

    @Test
    void anglesOfHandPickedVectors() {
        INDArray x = NdArrays.vector(new float[] {1f, 0f});
        assertThat(AlignmentProbe.angleDegrees(x, x)).isCloseTo(0, within(1e-6));
        assertThat(AlignmentProbe.angleDegrees(x, NdArrays.vector(new float[] {0f, 2f})))
                .isCloseTo(90, within(1e-6));
        assertThat(AlignmentProbe.angleDegrees(x, NdArrays.vector(new float[] {-3f, 0f})))
                .isCloseTo(180, within(1e-6));
        assertThat(AlignmentProbe.angleDegrees(x, NdArrays.vector(new float[] {1f, 1f})))
                .isCloseTo(45, within(1e-5));
        assertThat(AlignmentProbe.angleDegrees(x, NdArrays.vector(new float[] {0f, 0f})))
                .isEqualTo(90);
    }

    @Test
    void aDfaSignalEqualToBackpropsIsPerfectlyAligned() {
        INDArray input = DenseLayerTest.random(5, 3, 1);
        INDArray derivative = DenseLayerTest.random(5, 4, 2);
        INDArray signal = DenseLayerTest.random(5, 4, 3);
        INDArray weights = DenseLayerTest.random(3, 4, 4);
        AlignmentProbe.Measurement same =
                AlignmentProbe.measure(LAYER, 1, input, derivative, signal, signal, weights);
        // acos near 1 turns float rounding of the norms into hundredths of a degree.
        assertThat(same.angleDegrees()).isCloseTo(0, within(0.1));
        AlignmentProbe.Measurement opposite =
                AlignmentProbe.measure(LAYER, 1, input, derivative, signal.neg(), signal, weights);
        assertThat(opposite.angleDegrees()).isCloseTo(180, within(0.1));
    }

    @Test
    void passesBackpropsSignalDownThroughTheWeights() {
        INDArray input = DenseLayerTest.random(2, 3, 5);
        INDArray derivative = DenseLayerTest.random(2, 4, 6);
        INDArray bp = DenseLayerTest.random(2, 4, 7);
        INDArray weights = DenseLayerTest.random(3, 4, 8);
        INDArray downstream =
                AlignmentProbe.measure(LAYER, 1, input, derivative, bp, bp, weights).downstream();
        INDArray expected = bp.mul(derivative).mmul(weights.transpose());
        assertThat(NdArrays.toFloats(downstream))
                .containsExactly(NdArrays.toFloats(expected), within(1e-5f));
    }
}
