package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimizer. Settings live in the optimizer; everything that changes while training
 * lives in a {@link ParameterState}, one per parameter tensor, so that the state can be
 * checkpointed and restored. Order of use: {@link #initialState} once per parameter, then {@link
 * #step} once per minibatch.
 */
public interface Optimizer {

    /** Zeroed state for a parameter of the given shape. */
    ParameterState initialState(long... shape);

    /**
     * Applies one gradient step to {@code parameter} in place and advances {@code state}. The
     * gradient is a temporary of the caller's that the step may overwrite.
     */
    default void stepInPlace(INDArray parameter, INDArray gradient, ParameterState state) {
        step(parameter, gradient, state, parameter);
    }

    /**
     * Writes {@code parameter} after one gradient step into {@code updated} and advances {@code
     * state}: the same bits as {@link #stepInPlace}. {@code updated} is {@code parameter} itself or
     * an array of its shape, and then {@code parameter} is left as it was (a version of the weights
     * that a stale forward pass still reads). The gradient is a temporary of the caller's that the
     * step may overwrite.
     */
    void step(INDArray parameter, INDArray gradient, ParameterState state, INDArray updated);

    /** The optimizer described by {@code spec}, for a run of {@code totalSteps} steps. */
    static Optimizer of(OptimizerSpec spec, long totalSteps) {
        return of(spec, LearningRateSchedule.of(spec.schedule(), totalSteps));
    }

    /** The optimizer described by {@code spec} with {@code schedule} instead of the spec's. */
    static Optimizer of(OptimizerSpec spec, LearningRateSchedule schedule) {
        return switch (spec.kind()) {
            case SGD -> new Sgd(spec.learningRate(), spec.momentum(), schedule);
            case ADAM ->
                    new Adam(
                            spec.learningRate(),
                            spec.beta1(),
                            spec.beta2(),
                            spec.epsilon(),
                            schedule);
        };
    }
}
