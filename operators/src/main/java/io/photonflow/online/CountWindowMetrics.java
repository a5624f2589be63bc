package io.photonflow.online;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Prequential accuracy and mean loss over the last N examples, in O(1) time per example (no
 * amortization) and O(N) memory.
 *
 * <p>A ring buffer keeps each example's correctness and loss. The number correct is a running
 * count. The loss sum is not a running sum with subtractions, whose rounding errors would add up
 * over an endless stream: the ring is written in passes, each pass keeps prefix sums of its losses,
 * and the window (positions 0..p of this pass, p+1..N-1 of the previous one) sums to prefix_this(p)
 * + (total_previous - prefix_previous(p)). The error is that of two sums of N values, whatever the
 * stream's length. Non-finite losses count apart ({@link RollingMetrics#lossSum}), so a NaN leaves
 * the sum when it leaves the window.
 *
 * <p>Deterministic; {@link #state()} and {@link #CountWindowMetrics(int, State)} resume it to the
 * bit. Not thread-safe.
 */
public final class CountWindowMetrics implements RollingMetrics, Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The window's state: the ring as it lies (length N each), not in window order.
     *
     * @param position the ring position the next example goes to
     * @param size examples in the window
     * @param correct each position's correctness
     * @param losses each position's loss
     * @param prefix prefix sums of the finite losses of the current pass, up to position - 1
     * @param previousPrefix prefix sums of the finite losses of the previous pass
     */
    public record State(
            int position,
            int size,
            boolean[] correct,
            double[] losses,
            double[] prefix,
            double[] previousPrefix)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean equals(Object other) {
            return other instanceof State that
                    && position == that.position
                    && size == that.size
                    && Arrays.equals(correct, that.correct)
                    && Arrays.equals(losses, that.losses)
                    && Arrays.equals(prefix, that.prefix)
                    && Arrays.equals(previousPrefix, that.previousPrefix);
        }

        @Override
        public int hashCode() {
            int hash = 31 * position + size;
            hash = 31 * hash + Arrays.hashCode(correct);
            hash = 31 * hash + Arrays.hashCode(losses);
            hash = 31 * hash + Arrays.hashCode(prefix);
            return 31 * hash + Arrays.hashCode(previousPrefix);
        }

        @Override
        public String toString() {
            return "CountWindowMetrics.State[capacity="
                    + losses.length
                    + ", position="
                    + position
                    + ", size="
                    + size
                    + "]";
        }
    }

    private final int capacity;
    private final boolean[] correct;
    private final double[] losses;
    private double[] prefix;
    private double[] previousPrefix;
    private int position;
    private int size;
    private long correctCount;
    private final NonFiniteLosses nonFinite = new NonFiniteLosses();

    /** An empty window of the last {@code capacity} examples. */
    public CountWindowMetrics(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "a count window needs at least 1 example, got " + capacity);
        }
        this.capacity = capacity;
        this.correct = new boolean[capacity];
        this.losses = new double[capacity];
        this.prefix = new double[capacity];
        this.previousPrefix = new double[capacity];
    }

    /** A window of the last {@code capacity} examples resumed from {@code state}. */
    public CountWindowMetrics(int capacity, State state) {
        this(capacity);
        if (state.losses().length != capacity
                || state.correct().length != capacity
                || state.prefix().length != capacity
                || state.previousPrefix().length != capacity) {
            throw new IllegalArgumentException(
                    "the state is of a window of "
                            + state.losses().length
                            + " examples, not "
                            + capacity);
        }
        if (state.size() < 0
                || state.size() > capacity
                || state.position() < 0
                || state.position() >= capacity
                || (state.size() < capacity && state.position() != state.size())) {
            throw new IllegalArgumentException(
                    "inconsistent window state: size "
                            + state.size()
                            + ", position "
                            + state.position()
                            + ", capacity "
                            + capacity);
        }
        System.arraycopy(state.correct(), 0, correct, 0, capacity);
        System.arraycopy(state.losses(), 0, losses, 0, capacity);
        System.arraycopy(state.prefix(), 0, prefix, 0, capacity);
        System.arraycopy(state.previousPrefix(), 0, previousPrefix, 0, capacity);
        position = state.position();
        size = state.size();
        // Until the window is full it holds positions 0..size-1; then all of them.
        for (int i = 0; i < size; i++) {
            if (correct[i]) {
                correctCount++;
            }
            nonFinite.count(losses[i], 1);
        }
    }

    /** Adds the next example, evicting the oldest when the window is full. */
    public void update(boolean isCorrect, double loss) {
        int p = position;
        if (size == capacity) {
            if (correct[p]) {
                correctCount--;
            }
            nonFinite.count(losses[p], -1);
        } else {
            size++;
        }
        correct[p] = isCorrect;
        losses[p] = loss;
        if (isCorrect) {
            correctCount++;
        }
        double finite = nonFinite.count(loss, 1) ? loss : 0.0;
        prefix[p] = (p == 0 ? 0.0 : prefix[p - 1]) + finite;
        position = p + 1;
        if (position == capacity) {
            position = 0;
            double[] done = prefix;
            prefix = previousPrefix;
            previousPrefix = done;
        }
    }

    /** The window's length N. */
    public int capacity() {
        return capacity;
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
        return nonFinite.sum(finiteLossSum());
    }

    private double finiteLossSum() {
        if (size == 0) {
            return 0.0;
        }
        if (position == 0) {
            // A pass has just ended: the window is exactly that pass.
            return previousPrefix[capacity - 1];
        }
        int last = position - 1;
        double current = prefix[last];
        return size < capacity
                ? current
                : current + (previousPrefix[capacity - 1] - previousPrefix[last]);
    }

    /** A copy of the window's state. */
    public State state() {
        return new State(
                position,
                size,
                correct.clone(),
                losses.clone(),
                prefix.clone(),
                previousPrefix.clone());
    }
}
