package io.photonflow.flink.records;

import io.photonflow.flink.types.FloatMatrix;

/**
 * A learning signal for one training step: the output error e, a layer's slice of the projected
 * error e B_l (DFA), or delta W^T passed down the chain (BP).
 *
 * @param step the training step
 * @param values batch x width of the receiving layer
 */
public record Signal(long step, FloatMatrix values) {}
