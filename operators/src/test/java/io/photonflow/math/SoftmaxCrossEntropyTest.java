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
        // The error is the gradient of the mean loss: (softmax - onehot) / 2 rows.
        assertThat(NdArrays.toFloats(out.error()))
                .containsExactly(
                        new float[] {
                            1f / 12, 2f / 12, (3f / 6 - 1) / 2, (1f / 3 - 1) / 2, 1f / 6, 1f / 6
                        },
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
                        SoftmaxCrossEntropy.evaluate(NdArrays.matrix(logits, 1, 4), labels)
                                .error());
        double eps = 1e-3;
        for (int i = 0; i < logits.length; i++) {
            float[] up = logits.clone();
            float[] down = logits.clone();
            up[i] += eps;
            down[i] -= eps;
            double numeric =
                    (SoftmaxCrossEntropy.evaluate(NdArrays.matrix(up, 1, 4), labels).lossSum()
                                    - SoftmaxCrossEntropy.evaluate(
                                                    NdArrays.matrix(down, 1, 4), labels)
                                            .lossSum())
                            / (2 * eps);
            assertThat((double) error[i]).isCloseTo(numeric, within(1e-3));
        }
    }

    @Test
    void unlabelledRowsTakeNoPart() {
        OutputError out =
                SoftmaxCrossEntropy.evaluate(
                        NdArrays.matrix(new float[] {0f, 0f, 3f, 1f, 0f, 2f}, 3, 2),
                        new int[] {0, SoftmaxCrossEntropy.UNLABELLED, 1});
        float[] error = NdArrays.toFloats(out.error());
        assertThat(error[2]).isZero();
        assertThat(error[3]).isZero();
        // Row 0: softmax (1/2, 1/2), label 0: error (-1/2, 1/2) / 2 labelled rows.
        assertThat(error[0]).isCloseTo(-0.25f, within(1e-6f));
        assertThat(out.rows()).isEqualTo(2);
        assertThat(out.correct()).isEqualTo(2);
        assertThat(out.lossSum()).isCloseTo(Math.log(2) + Math.log(1 + Math.exp(-2)), within(1e-6));
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
