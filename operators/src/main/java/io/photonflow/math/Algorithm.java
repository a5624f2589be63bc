package io.photonflow.math;

/** The rule that turns the output error into per-layer learning signals. */
public enum Algorithm {
    /**
     * Direct Feedback Alignment: every hidden layer gets a fixed random projection of the error.
     */
    DFA,
    /** Backpropagation: the error is passed down the chain of layers through their weights. */
    BP
}
