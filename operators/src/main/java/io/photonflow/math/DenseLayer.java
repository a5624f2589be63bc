package io.photonflow.math;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A fully connected layer, a = x W + b and h = f(a). It draws no randomness. */
public final class DenseLayer implements Layer {

    private final LayerShape shape;

    public DenseLayer(LayerShape shape) {
        this.shape = shape;
    }

    @Override
    public LayerShape shape() {
        return shape;
    }

    @Override
    public ForwardResult forward(
            INDArray input, INDArray weights, INDArray bias, boolean training, long step) {
        return forward(input, weights, bias, training);
    }

    @Override
    public Gradients gradients(INDArray input, INDArray delta, long step) {
        return gradients(input, delta);
    }

    @Override
    public INDArray backpropagate(INDArray delta, INDArray weights, long step) {
        return backpropagate(delta, weights);
    }

    /**
     * The forward pass of a minibatch.
     *
     * @param input x, batch x inputSize
     * @param weights W, inputSize x outputSize
     * @param bias b, outputSize
     * @param training whether to also return f'(a) for the update
     */
    public ForwardResult forward(
            INDArray input, INDArray weights, INDArray bias, boolean training) {
        checkColumns(input, shape.inputSize(), "input");
        return shape.activation()
                .forward(NdArrays.product(input, weights, false, false), bias, training);
    }

    /**
     * The layer's delta from its learning signal: signal ⊙ f'(a). For DFA the signal is the
     * projected output error e B_l, for BP it is delta_{l+1} W_{l+1}^T; for the classifier the
     * signal is the output error itself and {@code derivative} is null.
     */
    @Override
    public INDArray delta(INDArray signal, INDArray derivative) {
        checkColumns(signal, shape.outputSize(), "learning signal");
        return derivative == null ? signal : signal.mul(derivative);
    }

    /**
     * dW = x^T delta and db = the column sums of delta, where delta is the gradient of the mean
     * loss with respect to a (the output error carries the division by the batch).
     */
    public Gradients gradients(INDArray input, INDArray delta) {
        if (delta.rows() != input.rows()) {
            throw new IllegalArgumentException(
                    "layer "
                            + shape.index()
                            + ": input has "
                            + input.rows()
                            + " rows but delta has "
                            + delta.rows());
        }
        return new Gradients(
                NdArrays.product(input, delta, true, false), NdArrays.columnSums(delta));
    }

    /** The BP signal for the layer below: delta W^T, with W the weights before this update. */
    public INDArray backpropagate(INDArray delta, INDArray weights) {
        return NdArrays.product(delta, weights, false, true);
    }

    private void checkColumns(INDArray array, int expected, String what) {
        if (array.rank() != 2 || array.columns() != expected) {
            throw new IllegalArgumentException(
                    "layer "
                            + shape.index()
                            + ": "
                            + what
                            + " must have "
                            + expected
                            + " columns, got shape "
                            + Arrays.toString(array.shape()));
        }
    }
}
