package io.photonflow.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountWindowMetricsTest {

    @Test
    void matchesABruteForceRecomputationOnRandomStreams() {
        for (int capacity : new int[] {1, 2, 7, 64, 1000}) {
            SplittableRandom random = new SplittableRandom(capacity);
            int n = 5000;
            boolean[] correct = new boolean[n];
            double[] losses = new double[n];
            CountWindowMetrics window = new CountWindowMetrics(capacity);
            for (int i = 0; i < n; i++) {
                correct[i] = random.nextDouble() < 0.7;
                losses[i] = randomLoss(random);
                window.update(correct[i], losses[i]);
                assertMatches(window, correct, losses, Math.max(0, i + 1 - capacity), i + 1);
            }
        }
    }

    @Test
    void aNonFiniteLossLeavesTheSumWithItsExample() {
        int capacity = 10;
        SplittableRandom random = new SplittableRandom(3);
        int n = 100;
        boolean[] correct = new boolean[n];
        double[] losses = new double[n];
        CountWindowMetrics window = new CountWindowMetrics(capacity);
        for (int i = 0; i < n; i++) {
            correct[i] = random.nextBoolean();
            losses[i] =
                    switch (i) {
                        case 13 -> Double.NaN;
                        case 40 -> Double.POSITIVE_INFINITY;
                        case 45 -> Double.NEGATIVE_INFINITY;
                        case 70 -> Double.POSITIVE_INFINITY;
                        default -> randomLoss(random);
                    };
            window.update(correct[i], losses[i]);
            assertMatches(window, correct, losses, Math.max(0, i + 1 - capacity), i + 1);
        }
        assertThat(window.lossSum()).isFinite();
    }

    /** A huge loss, once out of the window, leaves no rounding residue after one more pass. */
    @Test
    void forgetsTheRoundingOfAHugeLoss() {
        int capacity = 50;
        CountWindowMetrics window = new CountWindowMetrics(capacity);
        double[] losses = new double[400];
        boolean[] correct = new boolean[400];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < losses.length; i++) {
            losses[i] = i == 60 ? 1e12 : random.nextDouble();
            window.update(false, losses[i]);
        }
        // A running sum with subtractions would keep an error of about ulp(1e12) = 1.2e-4.
        double expected = 0;
        for (int i = losses.length - capacity; i < losses.length; i++) {
            expected += losses[i];
        }
        assertThat(window.lossSum()).isCloseTo(expected, within(1e-12));
        assertThat(window.correct()).isZero();
        assertThat(correct).doesNotContain(true);
    }

    @Test
    void resumesFromItsStateToTheBit() {
        int capacity = 37;
        SplittableRandom random = new SplittableRandom(5);
        int n = 400;
        boolean[] correct = new boolean[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            correct[i] = random.nextBoolean();
            losses[i] = randomLoss(random);
        }
        for (int cut : new int[] {0, 1, 36, 37, 38, 74, 200}) {
            CountWindowMetrics whole = new CountWindowMetrics(capacity);
            CountWindowMetrics first = new CountWindowMetrics(capacity);
            for (int i = 0; i < cut; i++) {
                whole.update(correct[i], losses[i]);
                first.update(correct[i], losses[i]);
            }
            CountWindowMetrics resumed = new CountWindowMetrics(capacity, first.state());
            assertThat(resumed.state()).isEqualTo(first.state());
            for (int i = cut; i < n; i++) {
                whole.update(correct[i], losses[i]);
                resumed.update(correct[i], losses[i]);
                assertThat(Double.doubleToLongBits(resumed.lossSum()))
                        .isEqualTo(Double.doubleToLongBits(whole.lossSum()));
                assertThat(resumed.correct()).isEqualTo(whole.correct());
                assertThat(resumed.size()).isEqualTo(whole.size());
            }
            assertThat(resumed.state()).isEqualTo(whole.state());
        }
    }

    @Test
    void anEmptyWindowHasNoRates() {
        CountWindowMetrics window = new CountWindowMetrics(3);
        assertThat(window.size()).isZero();
        assertThat(window.lossSum()).isZero();
        assertThat(window.accuracy()).isNaN();
        assertThat(window.meanLoss()).isNaN();
        window.update(true, 0.5);
        window.update(false, 1.5);
        assertThat(window.accuracy()).isEqualTo(0.5);
        assertThat(window.meanLoss()).isEqualTo(1.0);
        assertThat(window.capacity()).isEqualTo(3);
    }

    @Test
    void refusesBadCapacitiesAndStates() {
        assertThatThrownBy(() -> new CountWindowMetrics(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 example");
        CountWindowMetrics.State state = new CountWindowMetrics(4).state();
        assertThatThrownBy(() -> new CountWindowMetrics(5, state))
                .hasMessageContaining("a window of 4 examples, not 5");
        CountWindowMetrics.State inconsistent =
                new CountWindowMetrics.State(
                        2, 1, new boolean[4], new double[4], new double[4], new double[4]);
        assertThatThrownBy(() -> new CountWindowMetrics(4, inconsistent))
                .hasMessageContaining("inconsistent window state");
    }

    /** Mostly modest losses, now and then tiny or very large ones. */
    static double randomLoss(SplittableRandom random) {
        double u = random.nextDouble();
        if (u < 0.02) {
            return 1e6 * random.nextDouble();
        }
        if (u < 0.05) {
            return 1e-9 * random.nextDouble();
        }
        return -Math.log(1 - random.nextDouble());
    }

    private static void assertMatches(
            CountWindowMetrics window, boolean[] correct, double[] losses, int from, int to) {
        long hits = 0;
        double sum = 0;
        for (int i = from; i < to; i++) {
            hits += correct[i] ? 1 : 0;
            sum += losses[i];
        }
        // The window's sum comes from the prefix sums of two passes of the ring: its rounding
        // error is relative to the losses of the last 2N examples, not only to the window's.
        double magnitude = 0;
        for (int i = Math.max(0, to - 2 * (to - from)); i < to; i++) {
            magnitude += Double.isFinite(losses[i]) ? Math.abs(losses[i]) : 0;
        }
        int size = to - from;
        assertThat(window.size()).isEqualTo(size);
        assertThat(window.correct()).isEqualTo(hits);
        assertThat(window.accuracy()).isEqualTo((double) hits / size);
        if (Double.isFinite(sum)) {
            assertThat(window.lossSum()).isCloseTo(sum, within(1e-12 * magnitude + 1e-300));
            assertThat(window.meanLoss()).isCloseTo(sum / size, within(1e-12 * magnitude / size));
        } else if (Double.isNaN(sum)) {
            assertThat(window.lossSum()).isNaN();
        } else {
            assertThat(window.lossSum()).isEqualTo(sum);
        }
    }
}
