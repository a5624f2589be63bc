package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arithmetic of one layer kind. Stateless: parameters are passed in, so that the layer operator
 * (which holds a read copy of some weight version) and the update operator (which owns the
 * authoritative weights) share one implementation. The training step is passed wherever a layer
 * draws randomness (dropout), so that both sides draw the same.
 */
public interface Layer {

    LayerShape shape();

    /**
     * The forward pass of one minibatch.
     *
     * @param input the layer's input (null for a layer that reads features it holds itself)
     * @param weights W
     * @param bias b
     * @param training whether this is a training pass (dropout, and f'(a) for the update)
     * @param step the training step the pass belongs to
     */
    ForwardResult forward(
            INDArray input, INDArray weights, INDArray bias, boolean training, long step);

    /**
     * The layer's delta from its learning signal: signal ⊙ f'(a), or the signal itself for the
     * classifier (derivative null).
     */
    INDArray delta(INDArray signal, INDArray derivative);

    /** Gradients of the mean loss with respect to W and b, given the layer's delta. */
    Gradients gradients(INDArray input, INDArray delta, long step);

    /** Backprop's signal for the layer below, from W before this step's update. */
    INDArray backpropagate(INDArray delta, INDArray weights, long step);
}
