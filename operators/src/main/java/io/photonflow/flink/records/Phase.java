package io.photonflow.flink.records;

/** Whether a minibatch trains the network or only measures it. */
public enum Phase {
    /** A training minibatch: its error flows back and updates the weights. */
    TRAIN,
    /** A test-set minibatch: forward pass only, after the training steps of an epoch. */
    EVAL
}
