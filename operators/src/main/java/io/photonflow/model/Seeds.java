package io.photonflow.model;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Independent seeds, so that changing one source of randomness leaves the others as they were.
 *
 * @param data order of the examples in every epoch (graph networks: the dropout masks)
 * @param init initial weights
 * @param feedback fixed feedback (projection) matrices
 */
public record Seeds(long data, long init, long feedback) implements Serializable {

    /**
     * Three seeds drawn from one, for repeated runs ("seed i"): the streams stay independent, where
     * using i for all three would tie, say, initial weights to feedback matrices.
     */
    public static Seeds derivedFrom(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Seeds(random.nextLong(), random.nextLong(), random.nextLong());
    }
}
