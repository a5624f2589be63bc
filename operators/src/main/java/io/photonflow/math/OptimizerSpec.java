package io.photonflow.math;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Optimizer settings. Fields that do not apply to {@code kind} are ignored.
 *
 * @param kind sgd (with momentum) or adam
 * @param learningRate step size
 * @param momentum SGD momentum coefficient, 0 for plain SGD
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator guard
 * @param weightDecay L2 coefficient added to the gradient of the weights (not the biases)
 * @param schedule how the learning rate changes over the run
 */
public record OptimizerSpec(
        Kind kind,
        double learningRate,
        double momentum,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        Schedule schedule)
        implements Serializable {

    /** Available optimizers. */
    public enum Kind {
        SGD,
        ADAM
    }

    /** Learning-rate schedules. */
    public enum Schedule {
        /** The learning rate throughout. */
        CONSTANT,
        /** Half a cosine from the learning rate at the first step to 0 after the last. */
        COSINE
    }

    /** These settings with another weight decay. */
    public OptimizerSpec withWeightDecay(double decay) {
        return new OptimizerSpec(
                kind, learningRate, momentum, beta1, beta2, epsilon, decay, schedule);
    }

    /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(path + ".kind must be one of sgd, adam");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            problems.add(path + ".learning-rate must be a positive number, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            problems.add(path + ".momentum must be in [0, 1), got " + momentum);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            problems.add(path + ".beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            problems.add(path + ".beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            problems.add(path + ".epsilon must be a positive number, got " + epsilon);
        }
        if (schedule == null) {
            problems.add(path + ".schedule must be one of constant, cosine");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            problems.add(path + ".weight-decay must be a non-negative number, got " + weightDecay);
        }
        return problems;
    }
}
