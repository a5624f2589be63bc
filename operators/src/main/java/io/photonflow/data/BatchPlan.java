package io.photonflow.data;

import io.photonflow.math.Streams;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The order in which examples are trained on: each epoch is a fresh seeded permutation of all rows,
 * cut into consecutive minibatches. The last minibatch of an epoch holds the remainder, so no
 * example is ever dropped. The order depends only on (size, batch size, seed).
 *
 * <p>Not thread-safe: it caches the permutation of the last epoch asked for, so that walking
 * through an epoch costs O(batch) per minibatch. Give every thread its own instance.
 */
public final class BatchPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int size;
    private final int batchSize;
    private final long seed;

    private transient int cachedEpoch;
    private transient int[] cachedPermutation;

    /**
     * @param size number of examples
     * @param batchSize examples per minibatch (the last of an epoch may have fewer)
     * @param seed seed of the data order
     */
    public BatchPlan(int size, int batchSize, long seed) {
        if (size <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException(
                    "size and batchSize must be positive, got " + size + " and " + batchSize);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Minibatches per epoch: ceil(size / batchSize). */
    public int stepsPerEpoch() {
        return (size - 1) / batchSize + 1;
    }

    /** The rows of minibatch {@code indexInEpoch} of epoch {@code epoch} (both 0-based). */
    public int[] batch(int epoch, int indexInEpoch) {
        if (epoch < 0 || indexInEpoch < 0 || indexInEpoch >= stepsPerEpoch()) {
            throw new IndexOutOfBoundsException(
                    "no minibatch "
                            + indexInEpoch
                            + " in epoch "
                            + epoch
                            + ": epochs start at 0"
                            + " and have "
                            + stepsPerEpoch()
                            + " minibatches");
        }
        int from = indexInEpoch * batchSize;
        return Arrays.copyOfRange(permutation(epoch), from, Math.min(from + batchSize, size));
    }

    private int[] permutation(int epoch) {
        if (cachedPermutation == null || cachedEpoch != epoch) {
            cachedPermutation = shuffle(Streams.forEpoch(seed, epoch));
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }

    /** Fisher–Yates over 0..size-1. */
    private int[] shuffle(SplittableRandom random) {
        int[] permutation = new int[size];
        for (int i = 0; i < size; i++) {
            permutation[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        return permutation;
    }
}
