package io.photonflow.model;

/** What a minibatch is for. */
public enum Phase {
    /** A training minibatch: its error flows back and updates the weights. */
    TRAIN,
    /** A validation minibatch: forward pass only, after the training steps of an epoch. */
    VALIDATION,
    /** A test minibatch: forward pass only, after the training steps of an epoch. */
    TEST,
    /**
     * Unlabelled examples of a stream: forward pass only, with the weights the next training step
     * uses, and a prediction for every row.
     */
    PREDICT,
    /**
     * No examples: every layer publishes the weights version the minibatch names (its step) as the
     * last of a model version. Sent when a bounded stream ends after a step that ended none.
     */
    PUBLISH
}
