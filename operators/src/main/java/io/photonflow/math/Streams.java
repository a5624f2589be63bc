package io.photonflow.math;

import java.util.SplittableRandom;

/**
 * Seeded random streams. Every random draw of the system comes from one of these, keyed by a seed
 * and a purpose, so that nothing depends on thread timing or on the order objects are created in.
 */
public final class Streams {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Streams() {}

    /**
     * Value {@code position} (0-based) of the stream of layer {@code index} under {@code seed}: the
     * {@code nextDouble()} values of {@code new SplittableRandom(seed + gamma (index + 1))}, gamma
     * its golden-ratio constant, read at any position without drawing the values before it.
     * SplittableRandom's generator, SplitMix64 (Steele, Lea and Flood, OOPSLA 2014), is a counter
     * advanced by gamma and passed through a mixing function, so value i is mix64(start + (i + 1)
     * gamma): a shard of a split layer draws only its own columns of the whole layer's stream.
     * Written out here because the JDK offers no skip; {@code StreamsTest} holds it to the JDK's.
     */
    public static double layerDoubleAt(long seed, int index, long position) {
        long start = seed + GOLDEN_GAMMA * (index + 1L);
        return (mix64(start + GOLDEN_GAMMA * (position + 1)) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's output function (Stafford's variant 13), as SplittableRandom's. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The stream of epoch {@code epoch} (0-based) under {@code seed}. */
    public static SplittableRandom forEpoch(long seed, int epoch) {
        return new SplittableRandom(seed ^ (GOLDEN_GAMMA * (epoch + 1L)));
    }
}
