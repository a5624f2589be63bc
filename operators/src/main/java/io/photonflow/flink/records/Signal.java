package io.photonflow.flink.records;

import io.photonflow.flink.types.FloatMatrix;

/**
 * A learning signal for one training step: the output error e, a layer's slice of the projected
 * error e B_l (DFA), or delta W^T passed down the chain (BP). A probe is backprop's signal sent
 * down a DFA network only to measure alignment; it never changes weights. Online, the step's drift
 * reaction travels with its signal to every layer's update.
 *
 * @param step the training step
 * @param values batch x width of the receiving layer
 * @param probe whether this is an alignment probe rather than a learning signal
 * @param learningRateMultiplier the factor on the learning rate of this step's update
 * @param resetOptimizer whether the optimizer starts afresh before this step's update
 * @param shard under BP, the column shard of the layer above whose part of delta W^T this is (0
 *     where that layer is whole)
 * @param target under BP, the column shard of the receiving layer whose block this is (0 where that
 *     layer is whole)
 */
public record Signal(
        long step,
        FloatMatrix values,
        boolean probe,
        double learningRateMultiplier,
        boolean resetOptimizer,
        int shard,
        int target) {

    /** A signal from and for layers in one piece. */
    public Signal(
            long step,
            FloatMatrix values,
            boolean probe,
            double learningRateMultiplier,
            boolean resetOptimizer) {
        this(step, values, probe, learningRateMultiplier, resetOptimizer, 0, 0);
    }

    /** A learning signal, without reaction. */
    public Signal(long step, FloatMatrix values) {
        this(step, values, false, 1.0, false);
    }

    /** A learning signal or a probe, without reaction. */
    public Signal(long step, FloatMatrix values, boolean probe) {
        this(step, values, probe, 1.0, false);
    }

    /** The same step's reaction, with other values (a layer's slice, the signal passed down). */
    public Signal withValues(FloatMatrix next) {
        return new Signal(step, next, probe, learningRateMultiplier, resetOptimizer, shard, target);
    }

    /**
     * The same step's reaction with {@code next}, shard {@code from}'s part of the signal for shard
     * {@code to} of the layer below.
     */
    public Signal part(FloatMatrix next, int from, int to) {
        return new Signal(step, next, probe, learningRateMultiplier, resetOptimizer, from, to);
    }
}
