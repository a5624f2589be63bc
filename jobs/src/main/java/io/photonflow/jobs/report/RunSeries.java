package io.photonflow.jobs.report;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A run's records as the series its plots draw: losses and accuracies (in percent) per training
 * step, accuracies per epoch, alignment angles per hidden layer, and for online runs the
 * prequential accuracies over the examples seen with the drift detections among them.
 *
 * @param trainingLoss mean loss of each training step's minibatch, by step
 * @param trainingAccuracy accuracy of each training step's minibatch, by step
 * @param validationAccuracy validation accuracy after each epoch, by 1-based epoch; empty without a
 *     validation set
 * @param testAccuracy test accuracy after each epoch, by 1-based epoch
 * @param alignment the angle between the DFA update and the backprop gradient, one series per
 *     hidden layer, by step; empty when not measured
 * @param prequentialByCount online: accuracy over the last online.window-examples examples, by
 *     examples seen
 * @param prequentialByTime online: accuracy over the last online.window-time of event time, by
 *     examples seen
 * @param driftAt online: the examples seen when each drift was detected
 */
public record RunSeries(
        Series trainingLoss,
        Series trainingAccuracy,
        Series validationAccuracy,
        Series testAccuracy,
        List<Series> alignment,
        Series prequentialByCount,
        Series prequentialByTime,
        double[] driftAt) {

    /** Extracts the series of {@code records}. */
    public static RunSeries of(RunRecords records) {
        List<TrainingMetrics> metrics = records.metrics();
        NavigableMap<Long, Long> examplesSeen = examplesSeen(metrics);
        return new RunSeries(
                perStep(metrics, MetricsSplit.TRAIN, "training loss", TrainingMetrics::getLoss),
                perStep(
                        metrics,
                        MetricsSplit.TRAIN,
                        "training accuracy",
                        m -> 100 * m.getAccuracy()),
                perEpoch(metrics, MetricsSplit.VALIDATION, "validation accuracy"),
                perEpoch(metrics, MetricsSplit.TEST, "test accuracy"),
                alignment(records.alignment()),
                prequential(metrics, MetricsSplit.ROLLING_COUNT, "count window", examplesSeen),
                prequential(metrics, MetricsSplit.ROLLING_TIME, "time window", examplesSeen),
                records.drift().stream()
                        .mapToDouble(drift -> seenAt(examplesSeen, drift.getStep()))
                        .toArray());
    }

    /** Whether this is an online run: it has prequential figures. */
    public boolean isOnline() {
        return !prequentialByCount.isEmpty() || !prequentialByTime.isEmpty();
    }

    /**
     * The smoothing weight of a per-step series of {@code points}: the moving average spans about a
     * fiftieth of the run, at least the last two points.
     */
    public static double smoothingWeight(int points) {
        return Math.max(0.5, 1 - 50.0 / Math.max(1, points));
    }

    private static Series perStep(
            List<TrainingMetrics> metrics,
            MetricsSplit split,
            String name,
            ToDoubleFunction<TrainingMetrics> value) {
        List<TrainingMetrics> selected = select(metrics, split);
        return new Series(
                name,
                selected.stream().mapToDouble(TrainingMetrics::getStep).toArray(),
                selected.stream().mapToDouble(value).toArray());
    }

    private static Series perEpoch(List<TrainingMetrics> metrics, MetricsSplit split, String name) {
        List<TrainingMetrics> selected = select(metrics, split);
        return new Series(
                name,
                selected.stream().mapToDouble(TrainingMetrics::getEpoch).toArray(),
                selected.stream().mapToDouble(m -> 100 * m.getAccuracy()).toArray());
    }

    private static List<Series> alignment(List<AlignmentMeasurement> measurements) {
        Map<Integer, List<AlignmentMeasurement>> byLayer = new TreeMap<>();
        for (AlignmentMeasurement measurement : measurements) {
            byLayer.computeIfAbsent(measurement.getLayer(), layer -> new ArrayList<>())
                    .add(measurement);
        }
        List<Series> series = new ArrayList<>();
        byLayer.forEach(
                (layer, layerMeasurements) ->
                        series.add(
                                new Series(
                                        "hidden layer " + (layer + 1),
                                        layerMeasurements.stream()
                                                .mapToDouble(AlignmentMeasurement::getStep)
                                                .toArray(),
                                        layerMeasurements.stream()
                                                .mapToDouble(AlignmentMeasurement::getAngleDegrees)
                                                .toArray())));
        return series;
    }

    private static Series prequential(
            List<TrainingMetrics> metrics,
            MetricsSplit split,
            String name,
            NavigableMap<Long, Long> examplesSeen) {
        List<TrainingMetrics> selected = select(metrics, split);
        return new Series(
                name,
                selected.stream().mapToDouble(m -> seenAt(examplesSeen, m.getStep())).toArray(),
                selected.stream().mapToDouble(m -> 100 * m.getAccuracy()).toArray());
    }

    /** Training examples processed up to and including each training step. */
    private static NavigableMap<Long, Long> examplesSeen(List<TrainingMetrics> metrics) {
        NavigableMap<Long, Long> seen = new TreeMap<>();
        long total = 0;
        for (TrainingMetrics m : select(metrics, MetricsSplit.TRAIN)) {
            total += m.getExamples();
            seen.put(m.getStep(), total);
        }
        return seen;
    }

    private static double seenAt(NavigableMap<Long, Long> examplesSeen, long step) {
        Map.Entry<Long, Long> entry = examplesSeen.floorEntry(step);
        return entry == null ? 0 : entry.getValue();
    }

    private static List<TrainingMetrics> select(List<TrainingMetrics> metrics, MetricsSplit split) {
        return metrics.stream().filter(m -> m.getSplit() == split).toList();
    }
}
