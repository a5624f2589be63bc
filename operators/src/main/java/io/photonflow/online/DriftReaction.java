package io.photonflow.online;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What training does when drift is detected: a pure function of the training step and the steps at
 * which drift was detected, so that the dataflow and a reference trainer react identically, also
 * after a restore.
 *
 * <p>Steps are the 1-based optimizer steps of training (one per minibatch). A detection at step d
 * means the detector fired on the prequential scores of step d's examples, which are scored before
 * they are trained on; the reaction therefore starts with step d's own update:
 *
 * <ul>
 *   <li>{@code none}: nothing changes;
 *   <li>{@code reset-optimizer}: the optimizer's state (moments, step count) is reset just before
 *       step d's update, as if training started afresh from the current weights;
 *   <li>{@code boost-learning-rate}: steps d, d+1, ..., d+K-1 use the learning rate times {@code
 *       factor}. Detections inside a boost extend it to K steps after the latest one; boosts do not
 *       compound.
 * </ul>
 *
 * @param kind the reaction
 * @param factor the learning-rate multiplier while boosted ({@code boost-learning-rate})
 * @param steps K, the steps a boost lasts ({@code boost-learning-rate})
 */
public record DriftReaction(Kind kind, double factor, int steps) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Available reactions. */
    public enum Kind {
        NONE,
        RESET_OPTIMIZER,
        BOOST_LEARNING_RATE;

        /** The kind's name in a configuration: none, reset-optimizer, boost-learning-rate. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind named {@code name} (any case), or null when none is. */
        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.configName().equalsIgnoreCase(name)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public static DriftReaction none() {
        return new DriftReaction(Kind.NONE, 1.0, 0);
    }

    public static DriftReaction resetOptimizer() {
        return new DriftReaction(Kind.RESET_OPTIMIZER, 1.0, 0);
    }

    public static DriftReaction boostLearningRate(double factor, int steps) {
        return new DriftReaction(Kind.BOOST_LEARNING_RATE, factor, steps);
    }

    /**
     * The factor the learning rate is multiplied by at {@code step}.
     *
     * @param detections the steps at which drift was detected so far, ascending; only those at or
     *     before {@code step} count
     */
    public double learningRateMultiplier(long step, long[] detections) {
        return learningRateMultiplier(step, latestAtOrBefore(step, detections));
    }

    /**
     * The factor the learning rate is multiplied by at {@code step}, given the latest step at or
     * before it at which drift was detected ({@code lastDetection} &lt;= 0: none yet).
     */
    public double learningRateMultiplier(long step, long lastDetection) {
        if (kind != Kind.BOOST_LEARNING_RATE || lastDetection <= 0 || lastDetection > step) {
            return 1.0;
        }
        return step - lastDetection < steps ? factor : 1.0;
    }

    /**
     * Whether the optimizer's state is reset just before the update of {@code step}.
     *
     * @param detections the steps at which drift was detected so far, ascending
     */
    public boolean resetsAt(long step, long[] detections) {
        return resetsAt(step, latestAtOrBefore(step, detections));
    }

    /**
     * Whether the optimizer's state is reset just before the update of {@code step}, given the
     * latest step at or before it at which drift was detected ({@code lastDetection} &lt;= 0: none
     * yet).
     */
    public boolean resetsAt(long step, long lastDetection) {
        return kind == Kind.RESET_OPTIMIZER && lastDetection > 0 && lastDetection == step;
    }

    /** The greatest detection at or before {@code step}, 0 when there is none. */
    static long latestAtOrBefore(long step, long[] detections) {
        int low = 0;
        int high = detections.length - 1;
        long latest = 0;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (detections[middle] <= step) {
                latest = detections[middle];
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return latest;
    }

    /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(path + ".kind must be one of none, reset-optimizer, boost-learning-rate");
            return problems;
        }
        if (kind == Kind.BOOST_LEARNING_RATE) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                problems.add(path + ".factor must be a positive number, got " + factor);
            }
            if (steps < 1) {
                problems.add(path + ".steps must be at least 1, got " + steps);
            }
        }
        return problems;
    }
}
