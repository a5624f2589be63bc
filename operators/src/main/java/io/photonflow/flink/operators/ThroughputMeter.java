package io.photonflow.flink.operators;

import java.util.ArrayDeque;
import java.util.Deque;

/** Examples per second over the most recent minibatches, by the wall clock. */
final class ThroughputMeter {

    private final int window;
    private final Deque<long[]> marks = new ArrayDeque<>();
    private long examples;

    ThroughputMeter(int window) {
        this.window = window;
    }

    /** Counts {@code count} more examples now and returns the current rate. */
    double record(long count) {
        examples += count;
        marks.addLast(new long[] {System.nanoTime(), examples});
        if (marks.size() > window + 1) {
            marks.removeFirst();
        }
        long[] first = marks.peekFirst();
        long[] last = marks.peekLast();
        long nanos = last[0] - first[0];
        return nanos <= 0 ? 0 : (last[1] - first[1]) * 1e9 / nanos;
    }
}
