package io.photonflow.online;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Page-Hinkley test (Page 1954) for a change in the mean of a stream, two-sided or one-sided,
 * with River's parameters, defaults and arithmetic ({@code river.drift.PageHinkley}).
 *
 * <p>For each value x_t, in this order:
 *
 * <ol>
 *   <li>if the previous value was a detection, start afresh (empty mean, sums 0, extremes reset);
 *   <li>running mean: n += 1, mean += (1 / n) (x_t - mean); deviation d_t = x_t - mean (with the
 *       mean that includes x_t, so d_1 = 0);
 *   <li>U_t = alpha U_{t-1} + d_t - delta and L_t = alpha L_{t-1} + d_t + delta (U_0 = L_0 = 0);
 *   <li>track min U and max L over the values since the last start (River starts them at +inf and
 *       -1; the first value makes them -delta and delta);
 *   <li>once n &gt;= min-instances: the increase statistic is U_t - min U, the decrease statistic
 *       max L - L_t, and drift is detected when the statistic of the mode is strictly above the
 *       threshold ({@code both}: either of them). Before that nothing is detected.
 * </ol>
 *
 * <p>Not thread-safe; one instance per stream.
 */
public final class PageHinkley implements DriftDetector {

    private static final long serialVersionUID = 1L;

    /** Which changes of the mean to detect. */
    public enum Mode {
        /** Increases only. */
        UP,
        /** Decreases only. */
        DOWN,
        /** Either (two-sided test). */
        BOTH;

        /** The mode's name in a configuration: up, down or both. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode named {@code name} (up, down, both; any case), or null when there is none. */
        public static Mode parse(String name) {
            for (Mode mode : values()) {
                if (mode.configName().equalsIgnoreCase(name)) {
                    return mode;
                }
            }
            return null;
        }
    }

    /**
     * Page-Hinkley's settings.
     *
     * @param minInstances values since the last start before a detection is possible (River's
     *     min_instances)
     * @param delta the magnitude of change tolerated, in the unit of the values
     * @param threshold lambda: detection when the statistic exceeds it
     * @param alpha forgetting factor of the cumulative sums, in (0, 1]
     * @param mode which direction of change to detect
     */
    public record Settings(
            int minInstances, double delta, double threshold, double alpha, Mode mode)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        /** River's defaults: 30, 0.005, 50, 1 - 0.0001, both. */
        public static Settings defaults() {
            return new Settings(30, 0.005, 50.0, 1 - 0.0001, Mode.BOTH);
        }

        /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
        public List<String> problems(String path) {
            List<String> problems = new ArrayList<>();
            if (minInstances < 1) {
                problems.add(path + ".min-instances must be at least 1, got " + minInstances);
            }
            if (!(delta >= 0) || Double.isInfinite(delta)) {
                problems.add(path + ".delta must be a non-negative number, got " + delta);
            }
            if (!(threshold > 0) || Double.isInfinite(threshold)) {
                problems.add(path + ".threshold must be a positive number, got " + threshold);
            }
            if (!(alpha > 0 && alpha <= 1)) {
                problems.add(path + ".alpha must be in (0, 1], got " + alpha);
            }
            if (mode == null) {
                problems.add(path + ".mode must be one of up, down, both");
            }
            return problems;
        }
    }

    /**
     * Page-Hinkley's running state.
     *
     * @param count values since the last start (River's mean.n)
     * @param mean their mean
     * @param sumIncrease U, the faded sum of deviations minus delta
     * @param sumDecrease L, the faded sum of deviations plus delta
     * @param minIncrease the least U since the last start
     * @param maxDecrease the greatest L since the last start
     * @param driftDetected whether the latest value was a detection (the next one starts afresh)
     * @param detections detections since the detector was created
     */
    public record State(
            long count,
            double mean,
            double sumIncrease,
            double sumDecrease,
            double minIncrease,
            double maxDecrease,
            boolean driftDetected,
            long detections)
            implements DriftDetector.State {

        private static final long serialVersionUID = 1L;
    }

    private final Settings settings;
    private long count;
    private double mean;
    private double sumIncrease;
    private double sumDecrease;
    private double minIncrease;
    private double maxDecrease;
    private boolean driftDetected;
    private long detections;

    /** A fresh detector with River's defaults. */
    public PageHinkley() {
        this(Settings.defaults());
    }

    /** A fresh detector; the settings must be valid ({@link Settings#problems} empty). */
    public PageHinkley(Settings settings) {
        this.settings = checked(settings);
        start();
    }

    /** A detector resumed from {@code state}. */
    public PageHinkley(Settings settings, State state) {
        this.settings = checked(settings);
        this.count = state.count();
        this.mean = state.mean();
        this.sumIncrease = state.sumIncrease();
        this.sumDecrease = state.sumDecrease();
        this.minIncrease = state.minIncrease();
        this.maxDecrease = state.maxDecrease();
        this.driftDetected = state.driftDetected();
        this.detections = state.detections();
    }

    private static Settings checked(Settings settings) {
        List<String> problems = settings.problems("page-hinkley");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return settings;
    }

    private void start() {
        count = 0;
        mean = 0.0;
        sumIncrease = 0.0;
        sumDecrease = 0.0;
        minIncrease = Double.POSITIVE_INFINITY;
        // River's initial value; the first value's L (= delta >= 0) replaces it.
        maxDecrease = -1;
        driftDetected = false;
    }

    @Override
    public String name() {
        return DriftDetectorSpec.Kind.PAGE_HINKLEY.configName();
    }

    @Override
    public boolean update(double x) {
        if (driftDetected) {
            start();
        }
        count++;
        mean += (1.0 / count) * (x - mean);
        double deviation = x - mean;
        double alpha = settings.alpha();
        double delta = settings.delta();
        sumIncrease = alpha * sumIncrease + deviation - delta;
        sumDecrease = alpha * sumDecrease + deviation + delta;
        if (sumIncrease < minIncrease) {
            minIncrease = sumIncrease;
        }
        if (sumDecrease > maxDecrease) {
            maxDecrease = sumDecrease;
        }
        if (count >= settings.minInstances()) {
            double threshold = settings.threshold();
            boolean up = increaseStatistic() > threshold;
            boolean down = decreaseStatistic() > threshold;
            driftDetected =
                    switch (settings.mode()) {
                        case UP -> up;
                        case DOWN -> down;
                        case BOTH -> up || down;
                    };
            if (driftDetected) {
                detections++;
            }
        }
        return driftDetected;
    }

    /** U_t - min U: how far the faded sum of deviations has risen above its least value. */
    public double increaseStatistic() {
        return count == 0 ? 0.0 : sumIncrease - minIncrease;
    }

    /** max L - L_t: how far the faded sum of deviations has fallen below its greatest value. */
    public double decreaseStatistic() {
        return count == 0 ? 0.0 : maxDecrease - sumDecrease;
    }

    /**
     * The statistic compared with the threshold: the increase statistic (mode up), the decrease
     * statistic (down), or the larger of the two (both). After a detection it keeps the value that
     * crossed the threshold until the next value.
     */
    public double statistic() {
        return switch (settings.mode()) {
            case UP -> increaseStatistic();
            case DOWN -> decreaseStatistic();
            case BOTH -> Math.max(increaseStatistic(), decreaseStatistic());
        };
    }

    /** The mean of the values since the last start. */
    public double mean() {
        return mean;
    }

    /** Values since the last start. */
    public long count() {
        return count;
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
        return new State(
                count,
                mean,
                sumIncrease,
                sumDecrease,
                minIncrease,
                maxDecrease,
                driftDetected,
                detections);
    }
}
