package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class OptimizerTest {

    private static final LearningRateSchedule CONSTANT = step -> 1.0;

    @Test
    void adamTakesLearningRateSizedStepsOnAConstantGradient() {
        // With g constant, m_hat = g and v_hat = g^2, so each step is lr * g / (|g| + eps).
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, CONSTANT);
        INDArray p = NdArrays.vector(new float[] {1f, -2f});
        float[] g = {0.5f, -4f};
        ParameterState state = adam.initialState(2);
        adam.stepInPlace(p, NdArrays.vector(g), state);
        assertThat(NdArrays.toFloats(p)).containsExactly(new float[] {0.9f, -1.9f}, within(1e-6f));
        adam.stepInPlace(p, NdArrays.vector(g), state);
        assertThat(NdArrays.toFloats(p)).containsExactly(new float[] {0.8f, -1.8f}, within(1e-6f));
        assertThat(state.steps()).isEqualTo(2);
    }

    @Test
    void aStepIntoAnotherArrayGivesTheBitsOfAStepInPlaceAndKeepsTheParameter() {
        for (Optimizer optimizer :
                new Optimizer[] {
                    new Adam(0.1, 0.9, 0.999, 1e-8, CONSTANT),
                    new Sgd(0.1, 0.9, CONSTANT),
                    new Sgd(0.1, 0, CONSTANT)
                }) {
            float[] start = {1f, -2f, 0.25f};
            float[] g = {0.5f, -4f, 1e-3f};
            INDArray inPlace = NdArrays.vector(start);
            INDArray source = NdArrays.vector(start);
            INDArray target = NdArrays.vector(new float[3]);
            ParameterState first = optimizer.initialState(3);
            ParameterState second = optimizer.initialState(3);
            for (int step = 0; step < 3; step++) {
                optimizer.stepInPlace(inPlace, NdArrays.vector(g), first);
                optimizer.step(source, NdArrays.vector(g), second, target);
                source = target.dup();
            }
            assertThat(NdArrays.toFloats(target))
                    .as(optimizer.getClass().getSimpleName())
                    .containsExactly(NdArrays.toFloats(inPlace));
        }
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, CONSTANT);
        INDArray kept = NdArrays.vector(new float[] {1f});
        adam.step(
                kept,
                NdArrays.vector(new float[] {1f}),
                adam.initialState(1),
                NdArrays.vector(new float[1]));
        assertThat(NdArrays.toFloats(kept)).containsExactly(1f);
    }

    @Test
    void adamMomentsFollowTheirRecurrences() {
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8, CONSTANT);
        INDArray p = NdArrays.vector(new float[] {0f});
        ParameterState state = adam.initialState(1);
        adam.stepInPlace(p, NdArrays.vector(new float[] {2f}), state);
        adam.stepInPlace(p, NdArrays.vector(new float[] {-1f}), state);
        // m = 0.9 * (0.1 * 2) + 0.1 * -1 = 0.08; v = 0.999 * (0.001 * 4) + 0.001 * 1 = 0.004996
        assertThat(state.slots().get(0).getFloat(0)).isCloseTo(0.08f, within(1e-7f));
        assertThat(state.slots().get(1).getFloat(0)).isCloseTo(0.004996f, within(1e-7f));
        // step 1: -0.01 * 2 / 2 = -0.01; step 2: -0.01 sqrt(1 - 0.999^2) / 0.19 * 0.08 / sqrt(v)
        double second = 0.01 * Math.sqrt(1 - 0.999 * 0.999) / 0.19 * 0.08 / Math.sqrt(0.004996);
        assertThat(p.getDouble(0)).isCloseTo(-0.01 - second, within(1e-6));
    }

    @Test
    void sgdWithMomentumAccumulatesVelocity() {
        Sgd sgd = new Sgd(0.1, 0.9, CONSTANT);
        INDArray p = NdArrays.vector(new float[] {1f});
        ParameterState state = sgd.initialState(1);
        sgd.stepInPlace(p, NdArrays.vector(new float[] {0.5f}), state);
        assertThat(p.getFloat(0)).isCloseTo(0.95f, within(1e-6f));
        sgd.stepInPlace(p, NdArrays.vector(new float[] {0.5f}), state);
        // v = 0.9 * 0.5 + 0.5 = 0.95; p = 0.95 - 0.095
        assertThat(p.getFloat(0)).isCloseTo(0.855f, within(1e-6f));
    }

    @Test
    void plainSgdKeepsNoSlot() {
        Sgd sgd = new Sgd(0.5, 0, CONSTANT);
        ParameterState state = sgd.initialState(3);
        INDArray p = NdArrays.vector(new float[] {1f, 1f, 1f});
        sgd.stepInPlace(p, NdArrays.vector(new float[] {1f, 0f, -1f}), state);
        assertThat(state.slots()).isEmpty();
        assertThat(NdArrays.toFloats(p)).containsExactly(0.5f, 1f, 1.5f);
    }

    @Test
    void cosineScheduleFallsFromTheFullRateToZero() {
        LearningRateSchedule cosine = LearningRateSchedule.of(OptimizerSpec.Schedule.COSINE, 4);
        assertThat(cosine.factor(1)).isEqualTo(1.0);
        assertThat(cosine.factor(2)).isCloseTo((1 + Math.sqrt(0.5)) / 2, within(1e-12));
        assertThat(cosine.factor(3)).isCloseTo(0.5, within(1e-12));
        assertThat(cosine.factor(5)).isCloseTo(0.0, within(1e-12));
        assertThat(LearningRateSchedule.of(OptimizerSpec.Schedule.COSINE, 0).factor(7))
                .isEqualTo(1.0);
    }

    @Test
    void sgdFollowsItsSchedule() {
        Sgd sgd = new Sgd(1.0, 0, step -> 1.0 / step);
        INDArray p = NdArrays.vector(new float[] {0f});
        ParameterState state = sgd.initialState(1);
        sgd.stepInPlace(p, NdArrays.vector(new float[] {1f}), state);
        sgd.stepInPlace(p, NdArrays.vector(new float[] {1f}), state);
        assertThat(p.getFloat(0)).isEqualTo(-1.5f);
    }

    @Test
    void aResetStateMakesTheSameStepsAsAFreshOne() {
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, CONSTANT);
        ParameterState state = adam.initialState(2);
        INDArray p = NdArrays.vector(new float[] {1f, -2f});
        adam.stepInPlace(p, NdArrays.vector(new float[] {0.5f, -4f}), state);
        adam.stepInPlace(p, NdArrays.vector(new float[] {-3f, 1f}), state);
        state.reset();
        assertThat(state.steps()).isZero();
        assertThat(NdArrays.toFloats(state.slots().get(0))).containsOnly(0f);
        assertThat(NdArrays.toFloats(state.slots().get(1))).containsOnly(0f);

        // From here on, the reset state and a fresh one take the same steps, to the bit.
        INDArray q = p.dup();
        ParameterState fresh = adam.initialState(2);
        for (float[] g : new float[][] {{0.25f, 2f}, {-1f, 0.5f}}) {
            adam.stepInPlace(p, NdArrays.vector(g), state);
            adam.stepInPlace(q, NdArrays.vector(g), fresh);
            assertThat(NdArrays.toFloats(p)).containsExactly(NdArrays.toFloats(q));
        }
        assertThat(state.steps()).isEqualTo(2);

        Sgd sgd = new Sgd(0.1, 0.9, CONSTANT);
        ParameterState velocity = sgd.initialState(1);
        sgd.stepInPlace(
                NdArrays.vector(new float[] {0f}), NdArrays.vector(new float[] {1f}), velocity);
        velocity.reset();
        assertThat(velocity.slots().get(0).getFloat(0)).isZero();
        ParameterState none = new Sgd(0.1, 0, CONSTANT).initialState(1);
        none.reset();
        assertThat(none.slots()).isEmpty();
    }

    @Test
    void anOptimizerCanTakeItsScheduleFromTheCaller() {
        OptimizerSpec spec =
                new OptimizerSpec(
                        OptimizerSpec.Kind.SGD,
                        0.5,
                        0,
                        0.9,
                        0.999,
                        1e-8,
                        0,
                        OptimizerSpec.Schedule.COSINE);
        Optimizer halved = Optimizer.of(spec, step -> 0.5);
        INDArray p = NdArrays.vector(new float[] {1f});
        halved.stepInPlace(p, NdArrays.vector(new float[] {1f}), halved.initialState(1));
        assertThat(p.getFloat(0)).isEqualTo(0.75f);
    }
}
