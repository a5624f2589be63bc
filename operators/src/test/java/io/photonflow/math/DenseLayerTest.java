package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DenseLayerTest {

    private static final DenseLayer HIDDEN =
            new DenseLayer(new LayerShape(0, 3, 4, Activation.TANH));
    private static final DenseLayer CLASSIFIER =
            new DenseLayer(new LayerShape(1, 4, 3, Activation.IDENTITY));

    @Test
    void forwardMatchesHandComputedValues() {
        DenseLayer relu = new DenseLayer(new LayerShape(0, 2, 2, Activation.RELU));
        // x = [1, 2]; W = [[1, -1], [0.5, -2]]; b = [0.25, 1]
        // a = [1 + 1 + 0.25, -1 - 4 + 1] = [2.25, -4]; h = [2.25, 0]; f' = [1, 0]
        ForwardResult result =
                relu.forward(
                        NdArrays.matrix(new float[] {1f, 2f}, 1, 2),
                        NdArrays.matrix(new float[] {1f, -1f, 0.5f, -2f}, 2, 2),
                        NdArrays.vector(new float[] {0.25f, 1f}),
                        true);
        assertThat(NdArrays.toFloats(result.output())).containsExactly(2.25f, 0f);
        assertThat(NdArrays.toFloats(result.derivative())).containsExactly(1f, 0f);
    }

    @Test
    void inferenceSkipsTheDerivative() {
        ForwardResult result =
                HIDDEN.forward(random(2, 3, 1), random(3, 4, 2), random(4, 3), false);
        assertThat(result.derivative()).isNull();
    }

    @Test
    void gradientsMatchFiniteDifferencesOfTheMeanLoss() {
        INDArray x = random(5, 3, 10);
        int[] labels = {0, 2, 1, 1, 0};
        INDArray w1 = random(3, 4, 11);
        INDArray b1 = random(4, 12);
        INDArray w2 = random(4, 3, 13);
        INDArray b2 = random(3, 14);

        ForwardResult hidden = HIDDEN.forward(x, w1, b1, true);
        ForwardResult logits = CLASSIFIER.forward(hidden.output(), w2, b2, false);
        INDArray error = SoftmaxCrossEntropy.evaluate(logits.output(), labels).error();
        INDArray delta2 = CLASSIFIER.delta(error, null);
        Gradients g2 = CLASSIFIER.gradients(hidden.output(), delta2);
        INDArray delta1 = HIDDEN.delta(CLASSIFIER.backpropagate(delta2, w2), hidden.derivative());
        Gradients g1 = HIDDEN.gradients(x, delta1);

        Loss loss = () -> meanLoss(x, labels, w1, b1, w2, b2);
        checkAgainstFiniteDifferences(w1, g1.weights(), loss);
        checkAgainstFiniteDifferences(b1, g1.bias(), loss);
        checkAgainstFiniteDifferences(w2, g2.weights(), loss);
        checkAgainstFiniteDifferences(b2, g2.bias(), loss);
    }

    @Test
    void shapeErrorsNameTheLayerAndTheShapes() {
        assertThatThrownBy(
                        () -> HIDDEN.forward(random(2, 5, 1), random(3, 4, 2), random(4, 3), true))
                .hasMessageContaining("layer 0")
                .hasMessageContaining("3 columns")
                .hasMessageContaining("[2, 5]");
    }

    private interface Loss {
        double value();
    }

    private static double meanLoss(
            INDArray x, int[] labels, INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        INDArray h = HIDDEN.forward(x, w1, b1, false).output();
        INDArray z = CLASSIFIER.forward(h, w2, b2, false).output();
        return SoftmaxCrossEntropy.evaluate(z, labels).lossSum() / labels.length;
    }

    /** Central differences on every entry of {@code parameter}, which is perturbed in place. */
    private static void checkAgainstFiniteDifferences(
            INDArray parameter, INDArray analytic, Loss loss) {
        double eps = 1e-2;
        float[] expected = NdArrays.toFloats(analytic);
        for (int i = 0; i < parameter.length(); i++) {
            float original = parameter.getFloat(i);
            parameter.putScalar(i, original + eps);
            double up = loss.value();
            parameter.putScalar(i, original - eps);
            double down = loss.value();
            parameter.putScalar(i, original);
            double numeric = (up - down) / (2 * eps);
            assertThat((double) expected[i])
                    .as("entry %d", i)
                    .isCloseTo(numeric, within(2e-3 + 1e-2 * Math.abs(numeric)));
        }
    }

    static INDArray random(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return NdArrays.matrix(values, rows, cols);
    }

    static INDArray random(int length, long seed) {
        return NdArrays.vector(NdArrays.toFloats(random(1, length, seed)));
    }
}
