package io.photonflow.flink.records;

import io.photonflow.flink.types.FloatMatrix;

/**
 * What a layer's update needs from the forward pass of one training minibatch.
 *
 * @param step the training step
 * @param epoch 1-based epoch
 * @param lastOfEpoch whether this is the epoch's last training step
 * @param input x, the layer's input
 * @param derivative f'(a), or null for the classifier (its delta is the error itself)
 */
public record LayerContext(
        long step, int epoch, boolean lastOfEpoch, FloatMatrix input, FloatMatrix derivative) {}
