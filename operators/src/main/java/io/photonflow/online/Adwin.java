package io.photonflow.online;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà 2007), in its ADWIN2 form with exponential-histogram
 * buckets, with River's parameters, defaults and arithmetic ({@code river.drift.ADWIN} and its
 * helper {@code AdaptiveWindowing} in {@code adwin_c.pyx}).
 *
 * <p>The window is kept as rows of buckets: row i holds up to max-buckets buckets of 2^i values
 * each (a bucket keeps the sum of its values and the sum of their squared deviations from their
 * mean), oldest first; when a row holds max-buckets + 1, its two oldest merge into one bucket of
 * the next row. Row 0 takes every new value.
 *
 * <p>Every clock-th value, once the window is wider than the grace period, each cut between buckets
 * splits the window into an older part W0 (n0 values) and a newer part W1 (n1), cuts taken from the
 * oldest bucket on; a cut with n0, n1 &gt;= min-window-length whose means differ by more than
 *
 * <pre>
 *   eps = sqrt(2 m (V / n) d') + 2/3 d' m,   m = 1 / (n0 - mwl + 1) + 1 / (n1 - mwl + 1),
 *   d' = ln(2 ln(n) / delta)
 * </pre>
 *
 * (n the window's width, V / n its variance) drops the oldest bucket and the cuts are tried again
 * on the narrower window, until no cut is significant; the value is then a detection. As in River,
 * the value after a detection starts a fresh window (and a fresh clock) before it is added.
 *
 * <p>Logarithms use {@link StrictMath}, so that results agree to the bit in every JVM and JIT
 * state. Not thread-safe; one instance per stream.
 */
public final class Adwin implements DriftDetector {

    private static final long serialVersionUID = 1L;

    /**
     * ADWIN's settings.
     *
     * @param delta confidence: the bound on the probability of a false cut, in (0, 1)
     * @param clock check for change every this many values
     * @param maxBuckets buckets of each size kept before the two oldest merge
     * @param minWindowLength least length of W0 and of W1 for a cut to count
     * @param gracePeriod no check until the window is wider than this
     */
    public record Settings(
            double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        /** River's defaults: 0.002, 32, 5, 5, 10. */
        public static Settings defaults() {
            return new Settings(0.002, 32, 5, 5, 10);
        }

        /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
        public List<String> problems(String path) {
            List<String> problems = new ArrayList<>();
            if (!(delta > 0 && delta < 1)) {
                problems.add(path + ".delta must be in (0, 1), got " + delta);
            }
            if (clock < 1) {
                problems.add(path + ".clock must be at least 1, got " + clock);
            }
            if (maxBuckets < 1) {
                problems.add(path + ".max-buckets must be at least 1, got " + maxBuckets);
            }
            if (minWindowLength < 1) {
                problems.add(
                        path + ".min-window-length must be at least 1, got " + minWindowLength);
            }
            if (gracePeriod < 0) {
                problems.add(path + ".grace-period must be non-negative, got " + gracePeriod);
            }
            return problems;
        }
    }

    /**
     * ADWIN's running state.
     *
     * @param width values in the window
     * @param total their sum
     * @param squaredDeviations the sum of their squared deviations from their mean (River's
     *     "variance")
     * @param tick values since the last start, for the clock
     * @param bucketCounts buckets in each row, row 0 (single values) first
     * @param bucketTotals the sums of the buckets, row by row, oldest first within a row
     * @param bucketSquaredDeviations the buckets' sums of squared deviations, in the same order
     * @param driftDetected whether the latest value was a detection (the next one starts afresh)
     * @param detections detections since the detector was created
     */
    public record State(
            long width,
            double total,
            double squaredDeviations,
            long tick,
            int[] bucketCounts,
            double[] bucketTotals,
            double[] bucketSquaredDeviations,
            boolean driftDetected,
            long detections)
            implements DriftDetector.State {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean equals(Object other) {
            return other instanceof State that
                    && width == that.width
                    && Double.compare(total, that.total) == 0
                    && Double.compare(squaredDeviations, that.squaredDeviations) == 0
                    && tick == that.tick
                    && Arrays.equals(bucketCounts, that.bucketCounts)
                    && Arrays.equals(bucketTotals, that.bucketTotals)
                    && Arrays.equals(bucketSquaredDeviations, that.bucketSquaredDeviations)
                    && driftDetected == that.driftDetected
                    && detections == that.detections;
        }

        @Override
        public int hashCode() {
            int hash = Long.hashCode(width);
            hash = 31 * hash + Double.hashCode(total);
            hash = 31 * hash + Double.hashCode(squaredDeviations);
            hash = 31 * hash + Long.hashCode(tick);
            hash = 31 * hash + Arrays.hashCode(bucketCounts);
            hash = 31 * hash + Arrays.hashCode(bucketTotals);
            hash = 31 * hash + Arrays.hashCode(bucketSquaredDeviations);
            hash = 31 * hash + Boolean.hashCode(driftDetected);
            return 31 * hash + Long.hashCode(detections);
        }

        @Override
        public String toString() {
            return "Adwin.State[width="
                    + width
                    + ", total="
                    + total
                    + ", squaredDeviations="
                    + squaredDeviations
                    + ", tick="
                    + tick
                    + ", bucketCounts="
                    + Arrays.toString(bucketCounts)
                    + ", driftDetected="
                    + driftDetected
                    + ", detections="
                    + detections
                    + "]";
        }
    }

    private final Settings settings;

    /**
     * Row i: counts[i] buckets of 2^i values; totals[i][k] and deviations[i][k], k oldest first.
     */
    private int rows;

    private int[] counts;
    private double[][] totals;
    private double[][] deviations;

    private long width;
    private double total;
    private double squaredDeviations;
    private long tick;
    private boolean driftDetected;
    private long detections;

    /** A fresh detector with River's defaults. */
    public Adwin() {
        this(Settings.defaults());
    }

    /** A fresh detector; the settings must be valid ({@link Settings#problems} empty). */
    public Adwin(Settings settings) {
        this.settings = checked(settings);
        start();
    }

    /** A detector resumed from {@code state}, which must come from ADWIN with these settings. */
    public Adwin(Settings settings, State state) {
        this.settings = checked(settings);
        start();
        int[] stateCounts = state.bucketCounts();
        int entries = 0;
        for (int count : stateCounts) {
            if (count < 0 || count > settings.maxBuckets()) {
                throw new IllegalArgumentException(
                        "ADWIN state has a row of "
                                + count
                                + " buckets, more than max-buckets "
                                + settings.maxBuckets());
            }
            entries += count;
        }
        if (entries != state.bucketTotals().length
                || entries != state.bucketSquaredDeviations().length) {
            throw new IllegalArgumentException(
                    "ADWIN state counts "
                            + entries
                            + " buckets but stores "
                            + state.bucketTotals().length
                            + " totals and "
                            + state.bucketSquaredDeviations().length
                            + " deviations");
        }
        int offset = 0;
        for (int row = 0; row < stateCounts.length; row++) {
            ensureRow(row);
            for (int k = 0; k < stateCounts[row]; k++) {
                totals[row][k] = state.bucketTotals()[offset];
                deviations[row][k] = state.bucketSquaredDeviations()[offset];
                offset++;
            }
            counts[row] = stateCounts[row];
        }
        rows = Math.max(1, stateCounts.length);
        this.width = state.width();
        this.total = state.total();
        this.squaredDeviations = state.squaredDeviations();
        this.tick = state.tick();
        this.driftDetected = state.driftDetected();
        this.detections = state.detections();
    }

    private static Settings checked(Settings settings) {
        List<String> problems = settings.problems("adwin");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return settings;
    }

    private void start() {
        counts = new int[4];
        totals = new double[4][];
        deviations = new double[4][];
        rows = 1;
        ensureRow(0);
        width = 0;
        total = 0.0;
        squaredDeviations = 0.0;
        tick = 0;
        driftDetected = false;
    }

    /** Makes room for row {@code row} (without counting it in {@link #rows}). */
    private void ensureRow(int row) {
        if (row >= counts.length) {
            int capacity = Math.max(row + 1, 2 * counts.length);
            counts = Arrays.copyOf(counts, capacity);
            totals = Arrays.copyOf(totals, capacity);
            deviations = Arrays.copyOf(deviations, capacity);
        }
        if (totals[row] == null) {
            totals[row] = new double[settings.maxBuckets() + 1];
            deviations[row] = new double[settings.maxBuckets() + 1];
        }
        counts[row] = 0;
    }

    @Override
    public String name() {
        return DriftDetectorSpec.Kind.ADWIN.configName();
    }

    @Override
    public boolean update(double x) {
        if (driftDetected) {
            start();
        }
        insert(x);
        driftDetected = detectChange();
        if (driftDetected) {
            detections++;
        }
        return driftDetected;
    }

    private void insert(double value) {
        append(0, value, 0.0);
        width++;
        double n = width;
        if (n > 1.0) {
            double previousMean = total / (n - 1.0);
            squaredDeviations += (n - 1.0) * (value - previousMean) * (value - previousMean) / n;
        }
        total += value;
        compress();
    }

    private void append(int row, double bucketTotal, double bucketDeviations) {
        totals[row][counts[row]] = bucketTotal;
        deviations[row][counts[row]] = bucketDeviations;
        counts[row]++;
    }

    /** Drops the {@code n} oldest buckets of {@code row}. */
    private void dropOldest(int row, int n) {
        int remaining = counts[row] - n;
        System.arraycopy(totals[row], n, totals[row], 0, remaining);
        System.arraycopy(deviations[row], n, deviations[row], 0, remaining);
        Arrays.fill(totals[row], remaining, counts[row], 0.0);
        Arrays.fill(deviations[row], remaining, counts[row], 0.0);
        counts[row] = remaining;
    }

    /** Merges the two oldest buckets of every row that overflows into the next row. */
    private void compress() {
        for (int row = 0; row < rows && counts[row] == settings.maxBuckets() + 1; row++) {
            if (row + 1 == rows) {
                ensureRow(row + 1);
                rows++;
            }
            double size = 1L << row;
            double first = totals[row][0];
            double second = totals[row][1];
            double meanFirst = first / size;
            double meanSecond = second / size;
            // n1 n2 / (n1 + n2) = n / 2 for two buckets of n values.
            double between = size * 0.5 * (meanFirst - meanSecond) * (meanFirst - meanSecond);
            append(row + 1, first + second, deviations[row][0] + deviations[row][1] + between);
            dropOldest(row, 2);
        }
    }

    /** Removes the oldest bucket from the window; returns its size. */
    private double deleteOldest() {
        int row = rows - 1;
        double n = 1L << row;
        double bucketTotal = totals[row][0];
        double bucketMean = bucketTotal / n;
        double bucketDeviations = deviations[row][0];
        width -= (long) n;
        total -= bucketTotal;
        double rest = width;
        double windowMean = total / rest;
        squaredDeviations -=
                bucketDeviations
                        + n
                                * rest
                                * (bucketMean - windowMean)
                                * (bucketMean - windowMean)
                                / (n + rest);
        dropOldest(row, 1);
        // River drops the emptied row; with max-buckets 1 the rows below it can be empty too.
        while (rows > 1 && counts[rows - 1] == 0) {
            rows--;
        }
        return n;
    }

    private boolean detectChange() {
        boolean change = false;
        tick++;
        if (tick % settings.clock() != 0 || width <= settings.gracePeriod()) {
            return false;
        }
        int minLength = settings.minWindowLength();
        boolean reduce = true;
        while (reduce) {
            reduce = false;
            double n0 = 0.0;
            double n1 = width;
            double u0 = 0.0;
            double u1 = total;
            cuts:
            for (int row = rows - 1; row >= 0; row--) {
                double size = 1L << row;
                for (int k = 0; k < counts[row]; k++) {
                    n0 += size;
                    n1 -= size;
                    u0 += totals[row][k];
                    u1 -= totals[row][k];
                    if (row == 0 && k == counts[row] - 1) {
                        break cuts; // W1 would be empty
                    }
                    double meanDifference = u0 / n0 - u1 / n1;
                    if (n1 >= minLength && n0 >= minLength && significant(n0, n1, meanDifference)) {
                        reduce = true;
                        change = true;
                        if (width > 0) {
                            deleteOldest();
                            break cuts;
                        }
                    }
                }
            }
        }
        return change;
    }

    private boolean significant(double n0, double n1, double meanDifference) {
        double n = width;
        int minLength = settings.minWindowLength();
        double deltaPrime = StrictMath.log(2 * StrictMath.log(n) / settings.delta());
        double m = 1.0 / (n0 - minLength + 1) + 1.0 / (n1 - minLength + 1);
        double epsilon =
                Math.sqrt(2 * m * (squaredDeviations / n) * deltaPrime)
                        + 2.0 / 3.0 * deltaPrime * m;
        return Math.abs(meanDifference) > epsilon;
    }

    /** Values in the window. */
    public long width() {
        return width;
    }

    /** Their sum. */
    public double total() {
        return total;
    }

    /** Their mean, 0 for an empty window (River's estimation). */
    public double estimation() {
        return width == 0 ? 0.0 : total / width;
    }

    /**
     * Their variance (population: the sum of squared deviations over the width; 0 for an empty
     * window). River's {@code ADWIN.variance} is the sum itself: {@link #squaredDeviations()}.
     */
    public double variance() {
        return width == 0 ? 0.0 : squaredDeviations / width;
    }

    /** The sum of the squared deviations of the window's values from their mean. */
    public double squaredDeviations() {
        return squaredDeviations;
    }

    /** Buckets in the window, all rows together. */
    public int buckets() {
        int buckets = 0;
        for (int row = 0; row < rows; row++) {
            buckets += counts[row];
        }
        return buckets;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public boolean driftDetected() {
        return driftDetected;
    }

    @Override
    public long detections() {
        return detections;
    }

    @Override
    public State state() {
        int[] stateCounts = Arrays.copyOf(counts, rows);
        int entries = buckets();
        double[] stateTotals = new double[entries];
        double[] stateDeviations = new double[entries];
        int offset = 0;
        for (int row = 0; row < rows; row++) {
            System.arraycopy(totals[row], 0, stateTotals, offset, counts[row]);
            System.arraycopy(deviations[row], 0, stateDeviations, offset, counts[row]);
            offset += counts[row];
        }
        return new State(
                width,
                total,
                squaredDeviations,
                tick,
                stateCounts,
                stateTotals,
                stateDeviations,
                driftDetected,
                detections);
    }
}
