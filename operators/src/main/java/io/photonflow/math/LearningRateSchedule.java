package io.photonflow.math;

/** The factor the base learning rate is multiplied by at each optimizer step. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The factor at optimizer step {@code step} (1-based). */
    double factor(long step);

    /**
     * The schedule of {@code kind} for a run of {@code totalSteps} steps. A cosine schedule starts
     * at the full rate and reaches 0 one step after the last; runs without a known end (totalSteps
     * 0) keep the full rate.
     */
    static LearningRateSchedule of(OptimizerSpec.Schedule kind, long totalSteps) {
        if (kind == OptimizerSpec.Schedule.CONSTANT || totalSteps <= 0) {
            return step -> 1.0;
        }
        // StrictMath, the same in every JVM and in interpreted and compiled code alike: the
        // dataflow and the reference trainer must agree to the bit.
        return step ->
                0.5 * (1 + StrictMath.cos(Math.PI * Math.min(step - 1, totalSteps) / totalSteps));
    }
}
