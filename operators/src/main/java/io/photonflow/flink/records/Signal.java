package io.photonflow.flink.records;

import io.photonflow.flink.types.FloatMatrix;

/**
 * A learning signal for one training step: the output error e, a layer's slice of the projected
 * error e B_l (DFA), or delta W^T passed down the chain (BP). A probe is backprop's signal sent
 * down a DFA network only to measure alignment; it never changes weights.
 *
 * @param step the training step
 * @param values batch x width of the receiving layer
 * @param probe whether this is an alignment probe rather than a learning signal
 */
public record Signal(long step, FloatMatrix values, boolean probe) {

    /** A learning signal. */
    public Signal(long step, FloatMatrix values) {
        this(step, values, false);
    }
}
