package io.photonflow.online;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftReactionTest {

    private static final long[] DETECTIONS = {10, 12, 30};

    @Test
    void noneChangesNothing() {
        DriftReaction none = DriftReaction.none();
        for (long step = 1; step <= 40; step++) {
            assertThat(none.learningRateMultiplier(step, DETECTIONS)).isEqualTo(1.0);
            assertThat(none.resetsAt(step, DETECTIONS)).isFalse();
        }
        assertThat(none.problems("online.reaction")).isEmpty();
    }

    @Test
    void resetOptimizerResetsAtEachDetectionStepOnly() {
        DriftReaction reset = DriftReaction.resetOptimizer();
        for (long step = 1; step <= 40; step++) {
            assertThat(reset.resetsAt(step, DETECTIONS))
                    .as("step %d", step)
                    .isEqualTo(step == 10 || step == 12 || step == 30);
            assertThat(reset.learningRateMultiplier(step, DETECTIONS)).isEqualTo(1.0);
        }
        // Detections later than the step do not count yet.
        assertThat(reset.resetsAt(9, new long[] {9, 20})).isTrue();
        assertThat(reset.resetsAt(9, new long[] {20})).isFalse();
        assertThat(reset.resetsAt(10, 10)).isTrue();
        assertThat(reset.resetsAt(11, 10)).isFalse();
        assertThat(reset.resetsAt(5, 0)).isFalse();
    }

    /**
     * Factor 3 for K = 4 steps: the detection at 10 boosts 10..13, the one at 12 extends the boost
     * to 15 (no compounding), the one at 30 boosts 30..33.
     */
    @Test
    void boostMultipliesTheRateForKStepsFromTheLatestDetection() {
        DriftReaction boost = DriftReaction.boostLearningRate(3.0, 4);
        for (long step = 1; step <= 40; step++) {
            boolean boosted = (step >= 10 && step <= 15) || (step >= 30 && step <= 33);
            assertThat(boost.learningRateMultiplier(step, DETECTIONS))
                    .as("step %d", step)
                    .isEqualTo(boosted ? 3.0 : 1.0);
            assertThat(boost.resetsAt(step, DETECTIONS)).isFalse();
        }
        assertThat(boost.learningRateMultiplier(13, 10)).isEqualTo(3.0);
        assertThat(boost.learningRateMultiplier(14, 10)).isEqualTo(1.0);
        assertThat(boost.learningRateMultiplier(14, 0)).isEqualTo(1.0);
        assertThat(boost.learningRateMultiplier(5, new long[0])).isEqualTo(1.0);
        assertThat(DriftReaction.boostLearningRate(0.5, 1).learningRateMultiplier(7, 7))
                .isEqualTo(0.5);
    }

    @Test
    void findsTheLatestDetectionAtOrBeforeAStep() {
        assertThat(DriftReaction.latestAtOrBefore(9, DETECTIONS)).isZero();
        assertThat(DriftReaction.latestAtOrBefore(10, DETECTIONS)).isEqualTo(10);
        assertThat(DriftReaction.latestAtOrBefore(11, DETECTIONS)).isEqualTo(10);
        assertThat(DriftReaction.latestAtOrBefore(29, DETECTIONS)).isEqualTo(12);
        assertThat(DriftReaction.latestAtOrBefore(1000, DETECTIONS)).isEqualTo(30);
        assertThat(DriftReaction.latestAtOrBefore(1000, new long[0])).isZero();
    }

    @Test
    void namesAndChecksItsSettings() {
        assertThat(DriftReaction.Kind.BOOST_LEARNING_RATE.configName())
                .isEqualTo("boost-learning-rate");
        assertThat(DriftReaction.Kind.parse("reset-optimizer"))
                .isEqualTo(DriftReaction.Kind.RESET_OPTIMIZER);
        assertThat(DriftReaction.Kind.parse("None")).isEqualTo(DriftReaction.Kind.NONE);
        assertThat(DriftReaction.Kind.parse("panic")).isNull();
        assertThat(DriftReaction.boostLearningRate(0, 0).problems("r"))
                .containsExactly(
                        "r.factor must be a positive number, got 0.0",
                        "r.steps must be at least 1, got 0");
        assertThat(new DriftReaction(null, 1, 1).problems("r"))
                .containsExactly(
                        "r.kind must be one of none, reset-optimizer, boost-learning-rate");
        // Factor and steps mean nothing to the other kinds.
        assertThat(new DriftReaction(DriftReaction.Kind.NONE, 0, 0).problems("r")).isEmpty();
    }
}
