package io.photonflow.math;

import java.io.Serializable;

/**
 * Shape of one layer.
 *
 * @param index position in the network, 0 for the layer that reads the input
 * @param inputSize width of the layer's input
 * @param outputSize width of the layer's output
 * @param activation the layer's non-linearity ({@link Activation#IDENTITY} for the logits)
 */
public record LayerShape(int index, int inputSize, int outputSize, Activation activation)
        implements Serializable {}
