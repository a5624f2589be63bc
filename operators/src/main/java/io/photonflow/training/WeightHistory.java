package io.photonflow.training;

import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;

/**
 * The recent weight versions of one layer, as bounded staleness needs them: with staleness s, the
 * forward pass of step k reads version k-1-s while version k is being written, so s + 2 slots,
 * reused round-robin, always hold every version still needed.
 */
final class WeightHistory {

    private final LayerWeights[] slots;
    private final long[] versions;

    WeightHistory(LayerShape shape, int staleness) {
        slots = new LayerWeights[staleness + 2];
        versions = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = LayerWeights.detachedZeros(shape);
            versions[i] = -1;
        }
    }

    /** Records {@code weights} as {@code version}, overwriting the oldest slot. */
    void record(long version, LayerWeights weights) {
        int slot = (int) (version % slots.length);
        slots[slot].assign(weights);
        versions[slot] = version;
    }

    /** The weights of {@code version}, which must still be held. */
    LayerWeights get(long version) {
        int slot = (int) (version % slots.length);
        if (versions[slot] != version) {
            throw new IllegalStateException(
                    "weight version "
                            + version
                            + " is no longer held (slot has "
                            + versions[slot]
                            + ")");
        }
        return slots[slot];
    }
}
