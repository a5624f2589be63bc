package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.SoftmaxCrossEntropy.OutputError;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

    @Test
    void errorLossAndHitsMatchHandComputedValues() {
        // Row 0: logits (0, ln 2, ln 3) -> softmax (1/6, 2/6, 3/6); label 2: loss ln 2, a hit.
        // Row 1: equal logits -> softmax (1/3, 1/3, 1/3); label 0: loss ln 3, argmax 0, a hit.
        float ln2 = (float) Math.log(2);
        float ln3 = (float) Math.log(3);
        OutputError out =
                SoftmaxCrossEntropy.evaluate(
                        NdArrays.matrix(new float[] {0f, ln2, ln3, 5f, 5f, 5f}, 2, 3),
                        new int[] {2, 0});
        assertThat(NdArrays.toFloats(out.error()))
                .containsExactly(
                        new float[] {1f / 6, 2f / 6, 3f / 6 - 1, 1f / 3 - 1, 1f / 3, 1f / 3},
                        within(1e-6f));
        assertThat(out.lossSum()).isCloseTo(Math.log(2) + Math.log(3), within(1e-6));
        assertThat(out.correct()).isEqualTo(2);
        assertThat(out.rows()).isEqualTo(2);
    }

    @Test
    void errorIsTheGradientOfTheLossWithRespectToTheLogits() {
        float[] logits = {0.3f, -1.2f, 2.0f, 0.5f};
        int[] labels = {1};
        float[] error =
                NdArrays.toFloats(
                        SoftmaxCrossEntropy.evaluate(NdArrays.matrix(logits, 1, 4), labels).error());
        double eps = 1e-3;
        for (int i = 0; i < logits.length; i++) {
            float[] up = logits.clone();
            float[] down = logits.clone();
            up[i] += eps;
            down[i] -= eps;
            double numeric =
                    (SoftmaxCrossEntropy.evaluate(NdArrays.matrix(up, 1, 4), labels).lossSum()
                                    - SoftmaxCrossEntropy.evaluate(NdArrays.matrix(down, 1, 4), labels)
                                            .lossSum())
                            / (2 * eps);
            assertThat((double) error[i]).isCloseTo(numeric, within(1e-3));
        }
    }

    @Test
    void lossStaysFiniteForExtremeLogits() {
        OutputError out =
                SoftmaxCrossEntropy.evaluate(
                        NdArrays.matrix(new float[] {1000f, -1000f}, 1, 2), new int[] {1});
        assertThat(out.lossSum()).isCloseTo(2000, within(1e-6));
    }

    @Test
    void rejectsLabelsOutsideTheClasses() {
        assertThatThrownBy(
                        () ->
                                SoftmaxCrossEntropy.evaluate(
                                        NdArrays.matrix(new float[] {1f, 2f}, 1, 2), new int[] {2}))
                .hasMessageContaining("label 2")
                .hasMessageContaining("[0, 2)");
    }
}
