package io.photonflow.model;

import java.io.Serializable;

/**
 * Independent seeds, so that changing one source of randomness leaves the others as they were.
 *
 * @param data order of the examples in every epoch
 * @param init initial weights
 * @param feedback fixed feedback (projection) matrices
 */
public record Seeds(long data, long init, long feedback) implements Serializable {}
