package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LayerLearnerTest {

    private static final OptimizerSpec ADAM =
            new OptimizerSpec(
                    OptimizerSpec.Kind.ADAM,
                    0.01,
                    0,
                    0.9,
                    0.999,
                    1e-8,
                    0,
                    OptimizerSpec.Schedule.CONSTANT);
    private static final DenseLayer LAYER =
            new DenseLayer(new LayerShape(0, 3, 2, Activation.TANH));

    @Test
    void dropsNonFiniteUpdatesButCountsTheStep() {
        LayerLearner learner = LayerLearner.initial(LAYER, ADAM, 0, 5);
        float[] before = NdArrays.toFloats(learner.weights().weights());
        INDArray input = NdArrays.matrix(new float[] {1f, Float.NaN, 0f}, 1, 3);
        LayerLearner.Outcome outcome =
                learner.learn(
                        input,
                        NdArrays.matrix(new float[] {1f, 1f}, 1, 2),
                        NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2),
                        false);
        assertThat(outcome.applied()).isFalse();
        assertThat(learner.version()).isEqualTo(1);
        assertThat(learner.skippedUpdates()).isEqualTo(1);
        assertThat(NdArrays.toFloats(learner.weights().weights())).containsExactly(before);
        assertThat(learner.weightsState().steps()).isZero();
    }

    @Test
    void backpropagatesThroughTheWeightsBeforeTheStep() {
        LayerLearner learner = LayerLearner.initial(LAYER, ADAM, 0, 5);
        INDArray weightsBefore = learner.weights().weights().dup();
        INDArray signal = NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2);
        LayerLearner.Outcome outcome =
                learner.learn(
                        NdArrays.matrix(new float[] {1f, 2f, 3f}, 1, 3),
                        NdArrays.matrix(new float[] {1f, 1f}, 1, 2),
                        signal,
                        true);
        assertThat(outcome.applied()).isTrue();
        assertThat(NdArrays.toFloats(outcome.backpropagated()))
                .containsExactly(NdArrays.toFloats(signal.mmul(weightsBefore.transpose())));
        assertThat(NdArrays.toFloats(learner.weights().weights()))
                .isNotEqualTo(NdArrays.toFloats(weightsBefore));
    }

    @Test
    void initialWeightsAreSeededPerLayer() {
        LayerWeights a = LayerWeights.initial(LAYER.shape(), 9);
        LayerWeights b = LayerWeights.initial(LAYER.shape(), 9);
        LayerWeights other = LayerWeights.initial(new LayerShape(1, 3, 2, Activation.TANH), 9);
        assertThat(NdArrays.toFloats(a.weights())).containsExactly(NdArrays.toFloats(b.weights()));
        assertThat(NdArrays.toFloats(a.weights())).isNotEqualTo(NdArrays.toFloats(other.weights()));
        double limit = Math.sqrt(6.0 / (3 + 2));
        for (float w : NdArrays.toFloats(a.weights())) {
            assertThat(Math.abs(w)).isLessThanOrEqualTo((float) limit);
        }
        assertThat(NdArrays.toFloats(a.bias())).containsOnly(0f);
    }
}
