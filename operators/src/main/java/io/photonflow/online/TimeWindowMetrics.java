package io.photonflow.online;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Prequential accuracy and mean loss over the examples of the last T milliseconds of event time.
 *
 * <p>With {@code latest} the greatest timestamp seen (by {@link #update} or {@link #advanceTo}),
 * the window holds the examples with timestamp in (latest - T, latest]: an example leaves it once a
 * timestamp T or more after its own has been seen. An example that arrives already outside the
 * window is not added ({@link #droppedLate()} counts it), so the window's contents depend only on
 * which examples were seen, not on the order they came in.
 *
 * <p>Examples are kept in timestamp order (ties in arrival order) in a growable ring buffer. In
 * order, each update is O(1) amortized: an append plus the evictions it causes. An example that is
 * late but still inside the window is inserted in place, at the cost of the number of newer
 * examples it passes. The loss sum is a running sum, recomputed from the window whenever the
 * evictions since the last recomputation exceed the window's size (amortized O(1)), so that the
 * rounding errors of subtraction do not add up over an endless stream; non-finite losses count
 * apart ({@link RollingMetrics#lossSum}). Memory grows with the number of examples per T.
 *
 * <p>Deterministic; {@link #state()} and {@link #TimeWindowMetrics(long, State)} resume it to the
 * bit. Not thread-safe.
 */
public final class TimeWindowMetrics implements RollingMetrics, Serializable {

    private static final long serialVersionUID = 1L;

    /** No timestamp seen yet. */
    private static final long NONE = Long.MIN_VALUE;

    /**
     * The window's state, oldest example first.
     *
     * @param latest the greatest timestamp seen, {@link Long#MIN_VALUE} when none
     * @param timestamps the examples' timestamps, ascending
     * @param correct their correctness
     * @param losses their losses
     * @param finiteLossSum the running sum of their finite losses
     * @param evictionsSinceRecompute evictions since the sum was last recomputed
     * @param droppedLate examples that arrived already outside the window
     */
    public record State(
            long latest,
            long[] timestamps,
            boolean[] correct,
            double[] losses,
            double finiteLossSum,
            long evictionsSinceRecompute,
            long droppedLate)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean equals(Object other) {
            return other instanceof State that
                    && latest == that.latest
                    && Arrays.equals(timestamps, that.timestamps)
                    && Arrays.equals(correct, that.correct)
                    && Arrays.equals(losses, that.losses)
                    && Double.compare(finiteLossSum, that.finiteLossSum) == 0
                    && evictionsSinceRecompute == that.evictionsSinceRecompute
                    && droppedLate == that.droppedLate;
        }

        @Override
        public int hashCode() {
            int hash = Long.hashCode(latest);
            hash = 31 * hash + Arrays.hashCode(timestamps);
            hash = 31 * hash + Arrays.hashCode(correct);
            hash = 31 * hash + Arrays.hashCode(losses);
            hash = 31 * hash + Double.hashCode(finiteLossSum);
            hash = 31 * hash + Long.hashCode(evictionsSinceRecompute);
            return 31 * hash + Long.hashCode(droppedLate);
        }

        @Override
        public String toString() {
            return "TimeWindowMetrics.State[latest="
                    + latest
                    + ", size="
                    + timestamps.length
                    + ", droppedLate="
                    + droppedLate
                    + "]";
        }
    }

    private final long windowMillis;
    private long[] timestamps;
    private boolean[] correct;
    private double[] losses;
    private int head;
    private int size;
    private long latest = NONE;
    private long correctCount;
    private double finiteLossSum;
    private long evictionsSinceRecompute;
    private long droppedLate;
    private final NonFiniteLosses nonFinite = new NonFiniteLosses();

    /** An empty window of the last {@code windowMillis} milliseconds. */
    public TimeWindowMetrics(long windowMillis) {
        if (windowMillis < 1) {
            throw new IllegalArgumentException(
                    "a time window must be at least 1 ms long, got " + windowMillis);
        }
        this.windowMillis = windowMillis;
        allocate(16);
    }

    /** A window of the last {@code windowMillis} milliseconds resumed from {@code state}. */
    public TimeWindowMetrics(long windowMillis, State state) {
        this(windowMillis);
        int n = state.timestamps().length;
        if (state.correct().length != n || state.losses().length != n) {
            throw new IllegalArgumentException(
                    "inconsistent window state: "
                            + n
                            + " timestamps, "
                            + state.correct().length
                            + " flags, "
                            + state.losses().length
                            + " losses");
        }
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, n)) * 2));
        latest = state.latest();
        for (int i = 0; i < n; i++) {
            long t = state.timestamps()[i];
            if ((i > 0 && t < state.timestamps()[i - 1]) || latest == NONE || t > latest) {
                throw new IllegalArgumentException(
                        "inconsistent window state: timestamps out of order or after the latest");
            }
            timestamps[i] = t;
            correct[i] = state.correct()[i];
            losses[i] = state.losses()[i];
            if (correct[i]) {
                correctCount++;
            }
            nonFinite.count(losses[i], 1);
        }
        size = n;
        finiteLossSum = state.finiteLossSum();
        evictionsSinceRecompute = state.evictionsSinceRecompute();
        droppedLate = state.droppedLate();
    }

    private void allocate(int capacity) {
        timestamps = new long[capacity];
        correct = new boolean[capacity];
        losses = new double[capacity];
        head = 0;
    }

    /**
     * Adds an example scored at event time {@code timestamp} (milliseconds), first evicting what
     * the timestamp pushes out of the window.
     *
     * @return false when the example is already outside the window and was dropped
     */
    public boolean update(long timestamp, boolean isCorrect, double loss) {
        advanceTo(timestamp);
        if (timestamp <= cutoff()) {
            droppedLate++;
            return false;
        }
        if (size == timestamps.length) {
            grow();
        }
        // Walk back over newer examples (none when in order), shifting them up by one.
        int slot = size;
        while (slot > 0 && timestamps[index(slot - 1)] > timestamp) {
            int from = index(slot - 1);
            int to = index(slot);
            timestamps[to] = timestamps[from];
            correct[to] = correct[from];
            losses[to] = losses[from];
            slot--;
        }
        int at = index(slot);
        timestamps[at] = timestamp;
        correct[at] = isCorrect;
        losses[at] = loss;
        size++;
        if (isCorrect) {
            correctCount++;
        }
        if (nonFinite.count(loss, 1)) {
            finiteLossSum += loss;
        }
        return true;
    }

    /**
     * Moves the window's end to {@code time} when it is later than every timestamp seen (a
     * watermark, say), evicting the examples it pushes out.
     */
    public void advanceTo(long time) {
        if (time <= latest) {
            return;
        }
        latest = time;
        long cutoff = cutoff();
        while (size > 0 && timestamps[head] <= cutoff) {
            evictOldest();
        }
        if (evictionsSinceRecompute > size) {
            recompute();
        }
    }

    /** Timestamps at or before this are outside the window. */
    private long cutoff() {
        if (latest == NONE) {
            return NONE;
        }
        return latest < Long.MIN_VALUE + windowMillis ? Long.MIN_VALUE : latest - windowMillis;
    }

    private void evictOldest() {
        if (correct[head]) {
            correctCount--;
        }
        if (nonFinite.count(losses[head], -1)) {
            finiteLossSum -= losses[head];
        }
        head = index(1);
        size--;
        evictionsSinceRecompute++;
        if (size == 0) {
            head = 0;
        }
    }

    private void recompute() {
        double sum = 0.0;
        for (int i = 0; i < size; i++) {
            double loss = losses[index(i)];
            if (Double.isFinite(loss)) {
                sum += loss;
            }
        }
        finiteLossSum = sum;
        evictionsSinceRecompute = 0;
    }

    private int index(int offset) {
        return (head + offset) & (timestamps.length - 1);
    }

    private void grow() {
        int capacity = timestamps.length * 2;
        long[] newTimestamps = new long[capacity];
        boolean[] newCorrect = new boolean[capacity];
        double[] newLosses = new double[capacity];
        for (int i = 0; i < size; i++) {
            int from = index(i);
            newTimestamps[i] = timestamps[from];
            newCorrect[i] = correct[from];
            newLosses[i] = losses[from];
        }
        timestamps = newTimestamps;
        correct = newCorrect;
        losses = newLosses;
        head = 0;
    }

    /** The window's length T in milliseconds. */
    public long windowMillis() {
        return windowMillis;
    }

    /** The greatest timestamp seen, {@link Long#MIN_VALUE} before the first. */
    public long latest() {
        return latest;
    }

    /** Examples that arrived already outside the window and were not added. */
    public long droppedLate() {
        return droppedLate;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long correct() {
        return correctCount;
    }

    @Override
    public double lossSum() {
        return nonFinite.sum(finiteLossSum);
    }

    /** A copy of the window's state, oldest example first. */
    public State state() {
        long[] stateTimestamps = new long[size];
        boolean[] stateCorrect = new boolean[size];
        double[] stateLosses = new double[size];
        for (int i = 0; i < size; i++) {
            int from = index(i);
            stateTimestamps[i] = timestamps[from];
            stateCorrect[i] = correct[from];
            stateLosses[i] = losses[from];
        }
        return new State(
                latest,
                stateTimestamps,
                stateCorrect,
                stateLosses,
                finiteLossSum,
                evictionsSinceRecompute,
                droppedLate);
    }
}
