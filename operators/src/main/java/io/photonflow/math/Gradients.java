package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of one layer's loss with respect to its parameters (or the DFA update signal that
 * stands in for them).
 *
 * @param weights dW, shaped like W (input x output)
 * @param bias db, shaped like b (output)
 */
public record Gradients(INDArray weights, INDArray bias) {

    /** True when every entry is a finite number: a non-finite update must never reach weights. */
    public boolean isFinite() {
        return NdArrays.allFinite(weights) && NdArrays.allFinite(bias);
    }
}
