package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        LayerLearner learner = LayerLearner.initial(LAYER, ADAM, 0, StartingPoint.seeded(5));
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
    void handsOnTheSignalBeforeItsOwnStepAndLearnsTheSameBits() {
        INDArray input = NdArrays.matrix(new float[] {1f, 2f, 3f, -1f, 0.5f, 2f}, 2, 3);
        INDArray derivative = NdArrays.matrix(new float[] {1f, 0.5f, 0.25f, 1f}, 2, 2);
        INDArray signal = NdArrays.matrix(new float[] {0.5f, -0.5f, 0.1f, 0.3f}, 2, 2);
        LayerLearner early = LayerLearner.initial(LAYER, ADAM, 0, StartingPoint.seeded(5));
        LayerLearner late = LayerLearner.initial(LAYER, ADAM, 0, StartingPoint.seeded(5));
        float[] weightsBefore = NdArrays.toFloats(early.weights().weights());
        float[][] handed = new float[1][];
        float[][] weightsWhenHanded = new float[1][];
        boolean applied =
                early.learn(
                        input,
                        derivative,
                        signal,
                        downstream -> {
                            handed[0] = NdArrays.toFloats(downstream);
                            weightsWhenHanded[0] = NdArrays.toFloats(early.weights().weights());
                        },
                        1.0);
        LayerLearner.Outcome outcome = late.learn(input, derivative, signal, true);
        assertThat(applied).isTrue();
        assertThat(weightsWhenHanded[0])
                .as("handed on before the step")
                .containsExactly(weightsBefore);
        assertThat(handed[0]).containsExactly(NdArrays.toFloats(outcome.backpropagated()));
        assertThat(NdArrays.toFloats(early.weights().weights()))
                .containsExactly(NdArrays.toFloats(late.weights().weights()));
        assertThat(early.version()).isEqualTo(late.version()).isEqualTo(1);
    }

    @Test
    void learningIntoAnotherSlotGivesTheSameBitsAndLeavesThePreviousVersion() {
        INDArray input = NdArrays.matrix(new float[] {1f, 2f, 3f}, 1, 3);
        INDArray derivative = NdArrays.matrix(new float[] {1f, 0.5f}, 1, 2);
        INDArray signal = NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2);
        LayerLearner ring = LayerLearner.initial(LAYER, ADAM, 0, StartingPoint.seeded(5));
        LayerLearner inPlace = LayerLearner.initial(LAYER, ADAM, 0, StartingPoint.seeded(5));
        LayerWeights version0 = ring.weights();
        float[] before = NdArrays.toFloats(version0.weights());
        LayerWeights slot = LayerWeights.detachedZeros(LAYER.shape());
        ring.learnInto(slot, input, derivative, signal, false, 1.0);
        inPlace.learn(input, derivative, signal, false);
        assertThat(ring.weights()).isSameAs(slot);
        assertThat(NdArrays.toFloats(slot.weights()))
                .containsExactly(NdArrays.toFloats(inPlace.weights().weights()));
        assertThat(NdArrays.toFloats(version0.weights())).containsExactly(before);

        INDArray badInput = NdArrays.matrix(new float[] {1f, Float.NaN, 0f}, 1, 3);
        LayerLearner.Outcome skipped =
                ring.learnInto(version0, badInput, derivative, signal, false, 1.0);
        assertThat(skipped.applied()).isFalse();
        assertThat(NdArrays.toFloats(version0.weights()))
                .as("a dropped update still fills its slot, with the weights it did not change")
                .containsExactly(NdArrays.toFloats(slot.weights()));
    }

    @Test
    void backpropagatesThroughTheWeightsBeforeTheStep() {
        LayerLearner learner = LayerLearner.initial(LAYER, ADAM, 0, StartingPoint.seeded(5));
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

    private static final OptimizerSpec SGD =
            new OptimizerSpec(
                    OptimizerSpec.Kind.SGD,
                    0.1,
                    0,
                    0.9,
                    0.999,
                    1e-8,
                    0,
                    OptimizerSpec.Schedule.CONSTANT);

    private static LayerLearner.Outcome learnOnce(LayerLearner learner, double multiplier) {
        return learner.learn(
                NdArrays.matrix(new float[] {1f, 2f, 3f}, 1, 3),
                NdArrays.matrix(new float[] {1f, 1f}, 1, 2),
                NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2),
                false,
                multiplier);
    }

    @Test
    void resetsItsOptimizerStateButKeepsItsWeightsAndVersion() {
        LayerLearner learner = LayerLearner.initial(LAYER, ADAM, 0, StartingPoint.seeded(5));
        learnOnce(learner, 1.0);
        learnOnce(learner, 1.0);
        float[] weights = NdArrays.toFloats(learner.weights().weights());
        assertThat(learner.weightsState().steps()).isEqualTo(2);
        assertThat(NdArrays.toFloats(learner.weightsState().slots().get(0))).doesNotContain(0f);

        learner.resetOptimizerState();
        assertThat(learner.version()).isEqualTo(2);
        assertThat(NdArrays.toFloats(learner.weights().weights())).containsExactly(weights);
        for (ParameterState state :
                new ParameterState[] {learner.weightsState(), learner.biasState()}) {
            assertThat(state.steps()).isZero();
            for (INDArray slot : state.slots()) {
                assertThat(NdArrays.toFloats(slot)).containsOnly(0f);
            }
        }
        // The next step is the one a learner with these weights and a fresh optimizer takes.
        LayerLearner fresh =
                new LayerLearner(
                        LAYER,
                        ADAM,
                        0,
                        new LayerWeights(
                                learner.weights().weights().dup(), learner.weights().bias().dup()),
                        Optimizer.of(ADAM, 0).initialState(learner.weights().weights().shape()),
                        Optimizer.of(ADAM, 0).initialState(learner.weights().bias().shape()),
                        2,
                        0);
        learnOnce(learner, 1.0);
        learnOnce(fresh, 1.0);
        assertThat(NdArrays.toFloats(learner.weights().weights()))
                .containsExactly(NdArrays.toFloats(fresh.weights().weights()));
        assertThat(learner.version()).isEqualTo(3);
    }

    @Test
    void aLearningRateMultiplierScalesOneStep() {
        LayerLearner plain = LayerLearner.initial(LAYER, SGD, 0, StartingPoint.seeded(5));
        LayerLearner one = LayerLearner.initial(LAYER, SGD, 0, StartingPoint.seeded(5));
        LayerLearner doubled = LayerLearner.initial(LAYER, SGD, 0, StartingPoint.seeded(5));
        float[] before = NdArrays.toFloats(plain.weights().weights());
        plain.learn(
                NdArrays.matrix(new float[] {1f, 2f, 3f}, 1, 3),
                NdArrays.matrix(new float[] {1f, 1f}, 1, 2),
                NdArrays.matrix(new float[] {0.5f, -0.5f}, 1, 2),
                false);
        learnOnce(one, 1.0);
        learnOnce(doubled, 2.0);
        float[] after = NdArrays.toFloats(plain.weights().weights());
        assertThat(NdArrays.toFloats(one.weights().weights())).containsExactly(after);
        float[] boosted = NdArrays.toFloats(doubled.weights().weights());
        for (int i = 0; i < before.length; i++) {
            assertThat(boosted[i] - before[i]).isCloseTo(2 * (after[i] - before[i]), within(1e-6f));
        }
        // The multiplier lasts one step: the next plain step is an ordinary one again.
        learnOnce(doubled, 1.0);
        learnOnce(one, 1.0);
        float[] second = NdArrays.toFloats(one.weights().weights());
        float[] afterBoost = NdArrays.toFloats(doubled.weights().weights());
        for (int i = 0; i < before.length; i++) {
            assertThat(afterBoost[i] - boosted[i]).isCloseTo(second[i] - after[i], within(1e-6f));
        }
    }
}
