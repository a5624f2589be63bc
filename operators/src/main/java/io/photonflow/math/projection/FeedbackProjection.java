package io.photonflow.math.projection;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The projection device of DFA: maps the output error of a minibatch (batch x inputSize) to the
 * learning signals of all hidden layers at once (batch x outputSize, the hidden widths side by
 * side), through a fixed random matrix B. Implementations are deterministic functions of their seed
 * and input.
 */
public interface FeedbackProjection {

    /** Width of the error this projection reads (the number of classes). */
    int inputSize();

    /** Width of the projected signal (the sum of the hidden widths). */
    int outputSize();

    /** e B for every row of {@code error}, as a new array. */
    INDArray project(INDArray error);
}
