package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a layer's forward pass produces.
 *
 * @param output h = f(a), the input of the next layer (the logits for the classifier)
 * @param derivative f'(a), what the layer's update needs; null when not training
 */
public record ForwardResult(INDArray output, INDArray derivative) {}
