package io.photonflow.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {

    private static final double EXACT = 1e-12;

    /**
     * min-instances 3, delta 0.25, threshold 3.5, alpha 0.5 on 4, 4, 4, 0, 0. With mean_t the
     * running mean including x_t, d_t = x_t - mean_t, U_t = alpha U_{t-1} + d_t - delta and L_t =
     * alpha L_{t-1} + d_t + delta:
     *
     * <pre>
     * t x mean d      U          L          min U      max L   up        down
     * 1 4 4    0     -0.25       0.25      -0.25       0.25    -         -      (n &lt; 3)
     * 2 4 4    0     -0.375      0.375     -0.375      0.375   -         -      (n &lt; 3)
     * 3 4 4    0     -0.4375     0.4375    -0.4375     0.4375  0         0
     * 4 0 3   -3     -3.46875   -2.53125   -3.46875    0.4375  0         2.96875
     * 5 0 2.4 -2.4   -4.384375  -3.415625  -4.384375   0.4375  0         3.853125 &gt; 3.5
     * </pre>
     *
     * (t=4: U = -0.21875 - 3 - 0.25, L = 0.21875 - 3 + 0.25; t=5: mean = 3 + (0 - 3) / 5, U =
     * -1.734375 - 2.4 - 0.25, L = -1.265625 - 2.4 + 0.25, down = 0.4375 + 3.415625.)
     */
    @Test
    void matchesTheHandComputedStatisticsOfAShortSequence() {
        PageHinkley ph = new PageHinkley(settings(3, PageHinkley.Mode.BOTH));
        double[] xs = {4, 4, 4, 0, 0};
        double[] means = {4, 4, 4, 3, 2.4};
        double[] ups = {0, 0, 0, 0, 0};
        double[] downs = {0.25 - 0.25, 0.375 - 0.375, 0, 2.96875, 3.853125};
        boolean[] detected = {false, false, false, false, true};
        for (int t = 0; t < xs.length; t++) {
            assertThat(ph.update(xs[t])).as("detection at t=%d", t + 1).isEqualTo(detected[t]);
            assertThat(ph.mean()).isCloseTo(means[t], within(EXACT));
            assertThat(ph.increaseStatistic()).isCloseTo(ups[t], within(EXACT));
            assertThat(ph.decreaseStatistic()).isCloseTo(downs[t], within(EXACT));
        }
        assertThat(ph.statistic()).isCloseTo(3.853125, within(EXACT));
        assertThat(ph.driftDetected()).isTrue();
        assertThat(ph.detections()).isEqualTo(1);

        // River resets at the value after a detection: the sixth value starts a fresh test.
        assertThat(ph.update(0)).isFalse();
        assertThat(ph.count()).isEqualTo(1);
        assertThat(ph.mean()).isZero();
        assertThat(ph.statistic()).isZero();
        assertThat(ph.driftDetected()).isFalse();
        assertThat(ph.detections()).isEqualTo(1);
    }

    @Test
    void theModeChoosesTheDirection() {
        double[] falling = {4, 4, 4, 0, 0};
        assertThat(detections(new PageHinkley(settings(3, PageHinkley.Mode.DOWN)), falling))
                .containsExactly(4);
        assertThat(detections(new PageHinkley(settings(3, PageHinkley.Mode.UP)), falling))
                .isEmpty();
        // The mirror image: up 4 at t=4 gives the same numbers on the increase side.
        double[] rising = {0, 0, 0, 4, 4};
        assertThat(detections(new PageHinkley(settings(3, PageHinkley.Mode.UP)), rising))
                .containsExactly(4);
        assertThat(detections(new PageHinkley(settings(3, PageHinkley.Mode.DOWN)), rising))
                .isEmpty();
        assertThat(detections(new PageHinkley(settings(3, PageHinkley.Mode.BOTH)), rising))
                .containsExactly(4);
    }

    @Test
    void detectsNothingBeforeMinInstances() {
        // min-instances 6: t=6 has mean 2, d = -2, L = -1.7078125 - 2 + 0.25, down 3.8953125.
        PageHinkley ph = new PageHinkley(settings(6, PageHinkley.Mode.BOTH));
        assertThat(detections(ph, new double[] {4, 4, 4, 0, 0, 0})).containsExactly(5);
        assertThat(ph.decreaseStatistic()).isCloseTo(3.8953125, within(EXACT));
    }

    /** River's documented example (rng = random.Random(12345)): change detected at index 1006. */
    @Test
    void reproducesRiversDocumentedExample() {
        PythonRandom rng = new PythonRandom(12345);
        double[] stream = concat(rng.choices(new double[] {0, 1}, 1000), rng.choices(4, 8, 1000));
        List<Integer> found = detections(new PageHinkley(), stream);
        assertThat(found).containsExactly(1006);
        assertThat(stream[1006]).isEqualTo(5);
    }

    /**
     * Step changes of the mean by +1 and -1 after 1,000 values of N(0, sigma^2) noise, River's
     * defaults, 100 seeds each. Without noise, k values after the change the running mean has moved
     * by about k / 1000, so the increase statistic is about sum_j (1 - j / 1000 - delta) = 0.995 k
     * - k^2 / 2000, which passes the threshold 50 at k = 52: the 52nd value after the change (delay
     * 51, counting from 0). Measured: sigma 0.1 detects every change 46..54 values after it (mean
     * 50.3); sigma 0.5, 11..59 (mean 41-42: noise before the change can leave the statistic part of
     * the way up). No change is detected before it happens.
     */
    @Test
    void detectsStepChangesAboutFiftyValuesLate() {
        assertThat(0.995 * 52 - 52.0 * 52 / 2000).isGreaterThan(50);
        assertThat(0.995 * 51 - 51.0 * 51 / 2000).isLessThan(50);
        for (double step : new double[] {1, -1}) {
            int[] quiet = delays(0.1, step);
            assertThat(Arrays.stream(quiet).min().getAsInt()).isGreaterThanOrEqualTo(45);
            assertThat(Arrays.stream(quiet).max().getAsInt()).isLessThanOrEqualTo(55);
            assertThat(mean(quiet)).isBetween(49.0, 52.0);
            int[] noisy = delays(0.5, step);
            assertThat(Arrays.stream(noisy).max().getAsInt()).isLessThanOrEqualTo(60);
            assertThat(mean(noisy)).isBetween(35.0, 50.0);
        }
    }

    /** For 100 seeds, how long after the step at index 1000 the default detector fires. */
    private static int[] delays(double sigma, double step) {
        int[] delays = new int[100];
        for (int seed = 0; seed < delays.length; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            PageHinkley ph = new PageHinkley();
            int detectedAt = -1;
            for (int i = 0; i < 3000 && detectedAt < 0; i++) {
                if (ph.update(sigma * gaussian(random) + (i >= 1000 ? step : 0))) {
                    detectedAt = i;
                }
            }
            assertThat(detectedAt)
                    .as("sigma %s, step %s, seed %d", sigma, step, seed)
                    .isGreaterThanOrEqualTo(1000);
            delays[seed] = detectedAt - 1000;
        }
        return delays;
    }

    private static double mean(int[] values) {
        double sum = 0;
        for (int value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /**
     * River's defaults are not made for 0/1 streams: on 10,000 stationary Bernoulli(0.2) values (sd
     * 0.4), the running sum's excursions reach the threshold 50 in about a quarter of the streams.
     * Measured on 1,000 seeded streams (the ones ADWIN is tested on): 244 streams with a false
     * detection, 252 false detections in all. A 0/1 error stream wants a higher threshold.
     */
    @Test
    void measuresFalseAlarmsOnAStationaryBernoulliStream() {
        int streams = 0;
        long falseAlarms = 0;
        for (int seed = 0; seed < 1000; seed++) {
            SplittableRandom random = new SplittableRandom(1_000_000L + seed);
            PageHinkley ph = new PageHinkley();
            for (int i = 0; i < 10_000; i++) {
                ph.update(random.nextDouble() < 0.2 ? 1 : 0);
            }
            streams += ph.detections() > 0 ? 1 : 0;
            falseAlarms += ph.detections();
        }
        assertThat(streams).isEqualTo(244);
        assertThat(falseAlarms).isEqualTo(252);
    }

    @Test
    void resumesFromItsStateToTheBit() {
        SplittableRandom random = new SplittableRandom(7);
        double[] stream = new double[6000];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = 0.5 * gaussian(random) + (i / 1500) % 2;
        }
        PageHinkley.Settings settings = PageHinkley.Settings.defaults();
        PageHinkley whole = new PageHinkley(settings);
        List<Integer> expected = detections(whole, stream);
        assertThat(expected).hasSizeGreaterThanOrEqualTo(3);

        for (int cut : new int[] {0, 1, 1499, 1500 + expected.get(0) % 1500, 3001, 5999}) {
            PageHinkley first = new PageHinkley(settings);
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                if (first.update(stream[i])) {
                    found.add(i);
                }
            }
            PageHinkley.State state = first.state();
            DriftDetector resumed = DriftDetectorSpec.of(settings).restore(state);
            assertThat(resumed.state()).isEqualTo(state);
            for (int i = cut; i < stream.length; i++) {
                if (resumed.update(stream[i])) {
                    found.add(i);
                }
            }
            assertThat(found).as("cut at %d", cut).isEqualTo(expected);
            assertThat(resumed.state()).isEqualTo(whole.state());
        }
        // A cut right after a detection: the restored detector still starts afresh next.
        PageHinkley atDetection = new PageHinkley(settings);
        for (int i = 0; i <= expected.get(0); i++) {
            atDetection.update(stream[i]);
        }
        assertThat(atDetection.state().driftDetected()).isTrue();
        PageHinkley resumed = new PageHinkley(settings, atDetection.state());
        resumed.update(stream[expected.get(0) + 1]);
        assertThat(resumed.count()).isEqualTo(1);
    }

    @Test
    void hasRiversDefaultsAndChecksItsSettings() {
        PageHinkley.Settings defaults = PageHinkley.Settings.defaults();
        assertThat(defaults.minInstances()).isEqualTo(30);
        assertThat(defaults.delta()).isEqualTo(0.005);
        assertThat(defaults.threshold()).isEqualTo(50.0);
        assertThat(defaults.alpha()).isEqualTo(1 - 0.0001);
        assertThat(defaults.mode()).isEqualTo(PageHinkley.Mode.BOTH);
        assertThat(defaults.problems("drift.page-hinkley")).isEmpty();
        assertThat(new PageHinkley().name()).isEqualTo("page-hinkley");

        PageHinkley.Settings bad = new PageHinkley.Settings(0, -1, 0, 1.5, null);
        assertThat(bad.problems("p"))
                .containsExactly(
                        "p.min-instances must be at least 1, got 0",
                        "p.delta must be a non-negative number, got -1.0",
                        "p.threshold must be a positive number, got 0.0",
                        "p.alpha must be in (0, 1], got 1.5",
                        "p.mode must be one of up, down, both");
        assertThatThrownBy(() -> new PageHinkley(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page-hinkley.alpha");
        assertThat(PageHinkley.Mode.parse("Down")).isEqualTo(PageHinkley.Mode.DOWN);
        assertThat(PageHinkley.Mode.parse("sideways")).isNull();
    }

    private static PageHinkley.Settings settings(int minInstances, PageHinkley.Mode mode) {
        return new PageHinkley.Settings(minInstances, 0.25, 3.5, 0.5, mode);
    }

    static List<Integer> detections(DriftDetector detector, double[] stream) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            if (detector.update(stream[i])) {
                found.add(i);
            }
        }
        return found;
    }

    static double[] concat(double[]... parts) {
        int length = 0;
        for (double[] part : parts) {
            length += part.length;
        }
        double[] all = new double[length];
        int offset = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    /** A standard normal deviate (Box-Muller, StrictMath), the same in every JVM. */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
