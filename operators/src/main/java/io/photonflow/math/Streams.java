package io.photonflow.math;

import java.util.SplittableRandom;

/**
 * Seeded random streams. Every random draw of the system comes from one of these, keyed by a seed
 * and a purpose, so that nothing depends on thread timing or on the order objects are created in.
 */
public final class Streams {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Streams() {}

    /** The stream of layer {@code index} under {@code seed}. */
    public static SplittableRandom forLayer(long seed, int index) {
        return new SplittableRandom(seed + GOLDEN_GAMMA * (index + 1L));
    }

    /** The stream of epoch {@code epoch} (0-based) under {@code seed}. */
    public static SplittableRandom forEpoch(long seed, int epoch) {
        return new SplittableRandom(seed ^ (GOLDEN_GAMMA * (epoch + 1L)));
    }
}
