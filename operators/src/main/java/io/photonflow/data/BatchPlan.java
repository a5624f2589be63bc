package io.photonflow.data;

import io.photonflow.math.Streams;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The order of minibatches: every epoch is a fresh seeded permutation of the examples, cut into
 * consecutive minibatches; the last one of an epoch may be smaller, so no example is dropped.
 */
public final class BatchPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int size;
    private final int batchSize;
    private final long seed;

    private transient int cachedEpoch;
    private transient int[] cachedPermutation;

    public BatchPlan(int size, int batchSize, long seed) {
        if (size <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException(
                    "a batch plan needs examples and a positive batch size, got " + size + " and "
                            + batchSize);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public int stepsPerEpoch() {
        return (size + batchSize - 1) / batchSize;
    }

    /** Row indices of minibatch {@code indexInEpoch} of {@code epoch} (both 0-based). */
    public int[] batch(int epoch, int indexInEpoch) {
        if (indexInEpoch < 0 || indexInEpoch >= stepsPerEpoch()) {
            throw new IndexOutOfBoundsException(
                    "minibatch " + indexInEpoch + " of an epoch of " + stepsPerEpoch());
        }
        int start = indexInEpoch * batchSize;
        return Arrays.copyOfRange(permutation(epoch), start, Math.min(size, start + batchSize));
    }

    private int[] permutation(int epoch) {
        if (cachedPermutation == null || epoch != cachedEpoch) {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            SplittableRandom random = Streams.forEpoch(seed, epoch);
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            cachedPermutation = order;
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }
}
