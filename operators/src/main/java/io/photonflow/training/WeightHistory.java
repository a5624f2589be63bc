package io.photonflow.training;

import io.photonflow.math.LayerLearner;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;

/**
 * The recent weight versions of one layer, as bounded staleness needs them: with staleness s, the
 * forward pass of step k reads a version no older than k-1-s, so s + 1 slots hold every version
 * still needed. The learner writes version k straight into the slot of version k-1-s, once step k's
 * forward pass has read it ({@link LayerLearner#learnInto}): no copy per step.
 */
final class WeightHistory {

    private final LayerWeights[] slots;
    private final long[] versions;

    /** A history holding {@code current}, the learner's own arrays, as {@code version}. */
    WeightHistory(LayerShape shape, int staleness, long version, LayerWeights current) {
        slots = new LayerWeights[staleness + 1];
        versions = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = i == slot(version) ? current : LayerWeights.detachedZeros(shape);
            versions[i] = i == slot(version) ? version : -1;
        }
    }

    /** The slot {@code version} is to be written to, overwriting the oldest version held. */
    LayerWeights slotFor(long version) {
        int slot = slot(version);
        versions[slot] = version;
        return slots[slot];
    }

    /** The weights of {@code version}, which must still be held. */
    LayerWeights get(long version) {
        int slot = slot(version);
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

    private int slot(long version) {
        return (int) (version % slots.length);
    }
}
