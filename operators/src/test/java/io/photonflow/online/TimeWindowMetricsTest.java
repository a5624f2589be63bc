package io.photonflow.online;

import static io.photonflow.online.CountWindowMetricsTest.randomLoss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeWindowMetricsTest {

    record Event(long timestamp, boolean correct, double loss) {}

    /**
     * Events 0..3 ms apart, one in ten up to 40 ms late, one in fifty up to 400 ms late, 1 in 100
     * non-finite; a window of 100 ms. After every event the window must hold exactly the events
     * seen with timestamp in (latest - 100, latest], less those that came too late.
     */
    @Test
    void matchesABruteForceRecomputationOnRandomStreams() {
        for (long windowMillis : new long[] {1, 7, 100, 1000}) {
            SplittableRandom random = new SplittableRandom(windowMillis);
            List<Event> kept = new ArrayList<>();
            TimeWindowMetrics window = new TimeWindowMetrics(windowMillis);
            long clock = 1_700_000_000_000L;
            long latest = Long.MIN_VALUE;
            long dropped = 0;
            for (int i = 0; i < 4000; i++) {
                Event event = randomEvent(random, clock += random.nextInt(4), i);
                latest = Math.max(latest, event.timestamp());
                boolean late = event.timestamp() <= latest - windowMillis;
                if (late) {
                    dropped++;
                } else {
                    kept.add(event);
                }
                assertThat(window.update(event.timestamp(), event.correct(), event.loss()))
                        .isEqualTo(!late);
                assertThat(window.latest()).isEqualTo(latest);
                assertThat(window.droppedLate()).isEqualTo(dropped);
                assertMatches(window, kept, latest - windowMillis);
            }
            // Events come up to 400 ms late: shorter windows drop some.
            assertThat(dropped > 0).isEqualTo(windowMillis < 400);
        }
    }

    @Test
    void itsContentsDoNotDependOnArrivalOrder() {
        SplittableRandom random = new SplittableRandom(17);
        List<Event> events = new ArrayList<>();
        long clock = 0;
        for (int i = 0; i < 3000; i++) {
            events.add(
                    new Event(
                            clock += random.nextInt(3), random.nextBoolean(), randomLoss(random)));
        }
        TimeWindowMetrics inOrder = feed(new TimeWindowMetrics(250), events);
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(4));
        TimeWindowMetrics outOfOrder = feed(new TimeWindowMetrics(250), shuffled);
        assertThat(outOfOrder.size()).isEqualTo(inOrder.size()).isPositive();
        assertThat(outOfOrder.correct()).isEqualTo(inOrder.correct());
        assertThat(outOfOrder.lossSum())
                .isCloseTo(inOrder.lossSum(), within(1e-9 * Math.abs(inOrder.lossSum())));
        assertThat(outOfOrder.state().timestamps()).containsExactly(inOrder.state().timestamps());
        assertThat(outOfOrder.droppedLate()).isPositive();
        assertThat(inOrder.droppedLate()).isZero();
    }

    @Test
    void aWatermarkEvictsWithoutAnExample() {
        TimeWindowMetrics window = new TimeWindowMetrics(10);
        window.update(100, true, 1.0);
        window.update(105, false, 2.0);
        window.update(103, true, 4.0);
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.accuracy()).isEqualTo(2.0 / 3);
        assertThat(window.meanLoss()).isEqualTo(7.0 / 3);
        assertThat(window.state().timestamps()).containsExactly(100, 103, 105);

        window.advanceTo(110); // (100, 110]: 100 leaves
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.lossSum()).isEqualTo(6.0);
        window.advanceTo(50); // earlier: nothing happens
        assertThat(window.latest()).isEqualTo(110);
        assertThat(window.update(100, true, 8.0)).isFalse();
        assertThat(window.droppedLate()).isEqualTo(1);
        window.advanceTo(200);
        assertThat(window.size()).isZero();
        assertThat(window.lossSum()).isZero();
        assertThat(window.accuracy()).isNaN();
        assertThat(window.meanLoss()).isNaN();
    }

    /** After a huge loss leaves, the recomputation leaves no rounding residue in the sum. */
    @Test
    void forgetsTheRoundingOfAHugeLoss() {
        TimeWindowMetrics window = new TimeWindowMetrics(20);
        SplittableRandom random = new SplittableRandom(2);
        List<Event> kept = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            Event event = new Event(t, false, t == 30 ? 1e12 : random.nextDouble());
            kept.add(event);
            window.update(event.timestamp(), event.correct(), event.loss());
        }
        double expected = 0;
        for (Event event : kept.subList(180, 200)) {
            expected += event.loss();
        }
        assertThat(window.size()).isEqualTo(20);
        assertThat(window.lossSum()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void resumesFromItsStateToTheBit() {
        SplittableRandom random = new SplittableRandom(23);
        List<Event> events = new ArrayList<>();
        long clock = 0;
        for (int i = 0; i < 1500; i++) {
            events.add(randomEvent(random, clock += random.nextInt(4), i));
        }
        for (int cut : new int[] {0, 1, 17, 500, 1499}) {
            TimeWindowMetrics whole = new TimeWindowMetrics(60);
            TimeWindowMetrics first = new TimeWindowMetrics(60);
            for (Event event : events.subList(0, cut)) {
                whole.update(event.timestamp(), event.correct(), event.loss());
                first.update(event.timestamp(), event.correct(), event.loss());
            }
            TimeWindowMetrics resumed = new TimeWindowMetrics(60, first.state());
            assertThat(resumed.state()).isEqualTo(first.state());
            for (Event event : events.subList(cut, events.size())) {
                whole.update(event.timestamp(), event.correct(), event.loss());
                resumed.update(event.timestamp(), event.correct(), event.loss());
                assertThat(Double.doubleToLongBits(resumed.lossSum()))
                        .isEqualTo(Double.doubleToLongBits(whole.lossSum()));
                assertThat(resumed.correct()).isEqualTo(whole.correct());
            }
            assertThat(resumed.state()).isEqualTo(whole.state());
        }
    }

    @Test
    void refusesBadWindowsAndStates() {
        assertThatThrownBy(() -> new TimeWindowMetrics(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 ms");
        TimeWindowMetrics.State unordered =
                new TimeWindowMetrics.State(
                        10, new long[] {5, 3}, new boolean[2], new double[2], 0, 0, 0);
        assertThatThrownBy(() -> new TimeWindowMetrics(100, unordered))
                .hasMessageContaining("out of order");
        TimeWindowMetrics.State ragged =
                new TimeWindowMetrics.State(
                        10, new long[] {5, 6}, new boolean[1], new double[2], 0, 0, 0);
        assertThatThrownBy(() -> new TimeWindowMetrics(100, ragged))
                .hasMessageContaining("inconsistent window state");
    }

    private static Event randomEvent(SplittableRandom random, long clock, int i) {
        double u = random.nextDouble();
        long timestamp =
                u < 0.02
                        ? clock - random.nextInt(400)
                        : u < 0.1 ? clock - random.nextInt(40) : clock;
        double loss =
                i % 100 == 37
                        ? (i % 200 == 37 ? Double.NaN : Double.POSITIVE_INFINITY)
                        : randomLoss(random);
        return new Event(timestamp, random.nextDouble() < 0.6, loss);
    }

    private static TimeWindowMetrics feed(TimeWindowMetrics window, List<Event> events) {
        for (Event event : events) {
            window.update(event.timestamp(), event.correct(), event.loss());
        }
        return window;
    }

    private static void assertMatches(TimeWindowMetrics window, List<Event> seen, long cutoff) {
        int size = 0;
        long hits = 0;
        double sum = 0;
        double magnitude = 0;
        for (Event event : seen) {
            if (event.timestamp() > cutoff) {
                size++;
                hits += event.correct() ? 1 : 0;
                sum += event.loss();
                magnitude += Double.isFinite(event.loss()) ? Math.abs(event.loss()) : 0;
            }
        }
        assertThat(window.size()).isEqualTo(size);
        assertThat(window.correct()).isEqualTo(hits);
        if (Double.isNaN(sum)) {
            assertThat(window.lossSum()).isNaN();
        } else if (Double.isInfinite(sum)) {
            assertThat(window.lossSum()).isEqualTo(sum);
        } else {
            // A running sum between recomputations, which come at least every `size` evictions.
            assertThat(window.lossSum()).isCloseTo(sum, within(1e-9 * magnitude + 1e-300));
        }
    }
}
