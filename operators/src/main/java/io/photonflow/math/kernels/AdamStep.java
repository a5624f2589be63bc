package io.photonflow.math.kernels;

/**
 * The constants of one Adam step, in single precision as the kernels use them.
 *
 * @param stepSize the learning rate with Adam's bias correction, lr sqrt(1 - b2^t) / (1 - b1^t)
 * @param beta1 b1
 * @param beta2 b2
 * @param oneMinusBeta1 1 - b1, rounded once from double
 * @param oneMinusBeta2 1 - b2, rounded once from double
 * @param epsilon eps
 */
public record AdamStep(
        float stepSize,
        float beta1,
        float beta2,
        float oneMinusBeta1,
        float oneMinusBeta2,
        float epsilon) {}
