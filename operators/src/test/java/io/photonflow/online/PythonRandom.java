package io.photonflow.online;

/**
 * CPython's {@code random.Random} for integer seeds: MT19937 seeded by {@code init_by_array} with
 * the seed's 32-bit words, {@code random()} from two draws (53 bits) and {@code choices} without
 * weights as {@code population[floor(random() * n)]}. Enough to replay the streams of River's
 * documented examples and regression tests, which are built this way.
 */
final class PythonRandom {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index;

    PythonRandom(long seed) {
        long magnitude = Math.abs(seed);
        int[] key =
                magnitude >>> 32 == 0
                        ? new int[] {(int) magnitude}
                        : new int[] {(int) magnitude, (int) (magnitude >>> 32)};
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    /** The next 32-bit output, as an unsigned value. */
    long nextUnsignedInt() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908b0df);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /** {@code random.random()}: a double in [0, 1) with 53 random bits. */
    double random() {
        long a = nextUnsignedInt() >>> 5;
        long b = nextUnsignedInt() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** {@code random.choices(population, k=k)} for a population of numbers. */
    double[] choices(double[] population, int k) {
        double n = population.length;
        double[] chosen = new double[k];
        for (int i = 0; i < k; i++) {
            chosen[i] = population[(int) Math.floor(random() * n)];
        }
        return chosen;
    }

    /** {@code random.choices(range(from, to), k=k)}. */
    double[] choices(int from, int to, int k) {
        double[] population = new double[to - from];
        for (int i = 0; i < population.length; i++) {
            population[i] = from + i;
        }
        return choices(population, k);
    }
}
