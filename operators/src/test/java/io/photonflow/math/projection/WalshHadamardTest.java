package io.photonflow.math.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WalshHadamardTest {

    @Test
    void matchesTheExplicitHadamardMatrixForSmallSizes() {
        for (int n = 1; n <= 64; n *= 2) {
            // Small integers: every sum is exact in float, so the match must be too.
            float[] x = integers(n, n);
            float[] expected = new float[n];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < n; i++) {
                    expected[k] += Integer.bitCount(i & k) % 2 == 0 ? x[i] : -x[i];
                }
            }
            WalshHadamard.transform(x, 0, n);
            assertThat(x).as("n = %d", n).containsExactly(expected);
        }
    }

    @Test
    void appliedTwiceIsTheSizeTimesTheIdentity() {
        for (int n : new int[] {16, 1 << 14, 1 << 16, 1 << 17}) {
            float[] x = gaussian(n, 3);
            float[] twice = x.clone();
            WalshHadamard.transform(twice, 0, n);
            WalshHadamard.transform(twice, 0, n);
            // Each of the 2 log2(n) stages rounds every value once, by at most an ulp of values
            // of size up to n max|x| (about 4n here): 1e-5 n log2(n) leaves a wide margin.
            double tolerance = 1e-5 * n * Integer.numberOfTrailingZeros(n);
            for (int i = 0; i < n; i++) {
                assertThat((double) twice[i]).isCloseTo(n * (double) x[i], within(tolerance));
            }
        }
    }

    @Test
    void tiledTransformIsBitIdenticalToTheTextbookLoop() {
        // 2^16 is one tile; 2^17 to 2^19 add one to three stages across tiles (odd and even).
        for (int bits = 12; bits <= 19; bits++) {
            int n = 1 << bits;
            float[] x = gaussian(n, bits);
            float[] expected = x.clone();
            textbook(expected);
            WalshHadamard.transform(x, 0, n);
            assertBitIdentical(x, expected);
        }
    }

    @Test
    void leavesEachCoordinateWherePositionSays() {
        int n = 1 << 17;
        float[] x = gaussian(n, 5);
        float[] expected = x.clone();
        textbook(expected);
        WalshHadamard transform = new WalshHadamard(n);
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        transform.load(x, 0, WalshHadamard.tiles(ones));
        transform.transform();
        float[] stored = new float[n + 3];
        transform.store(stored, 3);
        int[] positions = new int[n];
        for (int k = 0; k < n; k++) {
            positions[k] = transform.position(k);
            assertThat(stored[3 + positions[k]]).isEqualTo(expected[k]);
        }
        assertThat(Arrays.stream(positions).distinct().count()).isEqualTo(n);
        float[] gathered = new float[n];
        transform.gather(positions, gathered, 0);
        assertBitIdentical(gathered, expected);
    }

    @Test
    void loadMultipliesByTheFactorsAndScatterFillsTheRestWithZeros() {
        int n = 1 << 16;
        float[] x = gaussian(n, 7);
        float[] factors = gaussian(n, 8);
        float[] product = new float[n];
        for (int i = 0; i < n; i++) {
            product[i] = x[i] * factors[i];
        }
        WalshHadamard transform = new WalshHadamard(n);
        transform.load(x, 0, WalshHadamard.tiles(factors));
        float[] loaded = new float[n];
        transform.store(loaded, 0);
        assertBitIdentical(loaded, product);

        float[] source = {9f, 2f, 3f};
        transform.scatter(source, 1, new int[] {40_000, 5}, new float[] {0.5f, -1f});
        transform.store(loaded, 0);
        float[] expected = new float[n];
        expected[40_000] = 1f;
        expected[5] = -3f;
        assertBitIdentical(loaded, expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1 << 10, 1 << 16, 1 << 18, 1 << 20})
    void fusedLoadTransformAndStoreGiveWhatTheSeparateStepsGive(int size) {
        float[] source = gaussian(size + 3, size);
        float[] factors = gaussian(size, size + 1);
        float[][] tiled = WalshHadamard.tiles(factors);
        WalshHadamard separate = new WalshHadamard(size);
        separate.load(source, 3, tiled);
        separate.transform();
        float[] expected = new float[size + 5];
        separate.store(expected, 5);

        WalshHadamard fused = new WalshHadamard(size);
        float[] actual = new float[size + 5];
        fused.transform(source, 3, tiled, actual, 5);
        assertBitIdentical(actual, expected);

        float[] loadedOnly = new float[size + 5];
        WalshHadamard half = new WalshHadamard(size);
        half.transform(source, 3, tiled, null, 0);
        half.store(loadedOnly, 5);
        assertBitIdentical(loadedOnly, expected);

        float[] storedOnly = new float[size + 5];
        WalshHadamard other = new WalshHadamard(size);
        other.load(source, 3, tiled);
        other.transform(null, 0, null, storedOnly, 5);
        assertBitIdentical(storedOnly, expected);
    }

    @Test
    void rejectsSizesThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> new WalshHadamard(12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12");
    }

    /**
     * Bit-for-bit equality, reporting the first difference: containsExactly compares large arrays
     * in quadratic time.
     */
    static void assertBitIdentical(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(
                        "value " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** The unblocked reference: the textbook loop, highest stride first. */
    private static void textbook(float[] a) {
        for (int h = a.length / 2; h >= 1; h /= 2) {
            for (int i = 0; i < a.length; i += 2 * h) {
                for (int j = i; j < i + h; j++) {
                    float u = a[j];
                    float v = a[j + h];
                    a[j] = u + v;
                    a[j + h] = u - v;
                }
            }
        }
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] integers(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextInt(-8, 9);
        }
        return values;
    }
}
