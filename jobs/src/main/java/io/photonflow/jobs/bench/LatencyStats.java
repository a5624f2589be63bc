package io.photonflow.jobs.bench;

import java.util.Arrays;

/**
 * Order statistics of a set of latencies in milliseconds: nearest-rank percentiles (the p-th
 * percentile of n values is the value at rank ceil(p/100 * n) of the sorted values, 1-based: always
 * one of the values, p100 the maximum), and the mean.
 *
 * @param count how many values
 * @param p50 the median (nearest rank)
 * @param p99 the 99th percentile (nearest rank)
 * @param max the largest value
 * @param mean the arithmetic mean
 */
public record LatencyStats(int count, long p50, long p99, long max, double mean) {

    /** No values: every figure 0. */
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0);

    /** The statistics of {@code values} (not modified); {@link #EMPTY} when there are none. */
    public static LatencyStats of(long[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return new LatencyStats(
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted[sorted.length - 1],
                sum / sorted.length);
    }

    /**
     * The nearest-rank {@code percent}-th percentile of {@code sorted} (ascending, not empty): the
     * value at rank ceil(percent/100 * n), 1-based, and the smallest value for percent 0.
     */
    public static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in [0, 100], got " + percent);
        }
        // Exact for the percentiles that are used: 50 and 99 of counts below 2^53.
        long rank = (long) Math.ceil(percent / 100 * sorted.length - 1e-9);
        return sorted[(int) Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
