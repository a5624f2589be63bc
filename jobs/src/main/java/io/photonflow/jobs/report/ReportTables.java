package io.photonflow.jobs.report;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.jobs.training.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report's tables, formatted from a run's records: the summary (the figures of {@link
 * RunSummary}, the console's last line, and a few more), a row per epoch, and the dead letters
 * counted by reason.
 */
final class ReportTables {

    private ReportTables() {}

    /** One line of the summary: its label, the element id it is found by, its value. */
    public record SummaryLine(String label, String id, String value) {}

    /** One row of the per-epoch table, formatted; "–" where the split has no figures. */
    public record EpochRow(
            String epoch,
            String step,
            String trainingLoss,
            String trainingAccuracy,
            String validationLoss,
            String validationAccuracy,
            String testLoss,
            String testAccuracy) {}

    /** A reason of dead letters and how many inputs it rejected. */
    public record ReasonCount(String reason, long count) {}

    static List<SummaryLine> summary(RunRecords records, double seconds) {
        List<TrainingMetrics> metrics = records.metrics();
        List<TrainingMetrics> train = select(metrics, MetricsSplit.TRAIN);
        long examples = train.stream().mapToLong(TrainingMetrics::getExamples).sum();
        double time = Double.isNaN(seconds) ? recordedSeconds(metrics) : seconds;
        RunSummary run =
                RunSummary.of(records.directory(), metrics, records.deadLetters().size(), time);
        List<SummaryLine> figures = new ArrayList<>();
        if (!run.epochs().isEmpty()) {
            TrainingMetrics last = run.epochs().get(run.epochs().size() - 1);
            figures.add(
                    new SummaryLine(
                            "final test accuracy",
                            "final-test-accuracy",
                            percent(last.getAccuracy())));
            figures.add(
                    new SummaryLine("final test loss", "final-test-loss", decimal(last.getLoss())));
            figures.add(new SummaryLine("epochs", "epochs", Integer.toString(run.epochs().size())));
        }
        if (!run.validation().isEmpty()) {
            int best = run.bestEpoch();
            figures.add(
                    new SummaryLine(
                            "best validation epoch",
                            "best-validation-epoch",
                            Integer.toString(best + 1)));
            figures.add(
                    new SummaryLine(
                            "validation accuracy at that epoch",
                            "best-validation-accuracy",
                            percent(run.validation().get(best).getAccuracy())));
            figures.add(
                    new SummaryLine(
                            "test accuracy at that epoch",
                            "test-accuracy-at-best-validation",
                            percent(run.testAccuracyAtBestValidation())));
        }
        List<TrainingMetrics> prequential = select(metrics, MetricsSplit.ROLLING_COUNT);
        if (!prequential.isEmpty()) {
            TrainingMetrics last = prequential.get(prequential.size() - 1);
            figures.add(
                    new SummaryLine(
                            "final prequential accuracy (last " + last.getExamples() + " examples)",
                            "final-prequential-accuracy",
                            percent(last.getAccuracy())));
            figures.add(
                    new SummaryLine(
                            "drift detections",
                            "drift-detections",
                            Integer.toString(records.drift().size())));
        }
        figures.add(new SummaryLine("training steps", "training-steps", count(train.size())));
        figures.add(new SummaryLine("training examples", "training-examples", count(examples)));
        figures.add(
                new SummaryLine(
                        "wall-clock time", "seconds", String.format(Locale.ROOT, "%.1f s", time)));
        if (run.throughput().measured()) {
            figures.add(
                    new SummaryLine(
                            "training samples/s, first step to last",
                            "samples-per-second",
                            String.format(
                                    Locale.ROOT, "%,.0f", run.throughput().samplesPerSecond())));
        }
        figures.add(
                new SummaryLine(
                        "dead letters", "dead-letters", count(records.deadLetters().size())));
        return figures;
    }

    static List<EpochRow> epochs(List<TrainingMetrics> metrics) {
        Map<Integer, List<TrainingMetrics>> train = byEpoch(select(metrics, MetricsSplit.TRAIN));
        Map<Integer, TrainingMetrics> validation = lastByEpoch(metrics, MetricsSplit.VALIDATION);
        Map<Integer, TrainingMetrics> test = lastByEpoch(metrics, MetricsSplit.TEST);
        TreeSet<Integer> epochs = new TreeSet<>(train.keySet());
        epochs.addAll(validation.keySet());
        epochs.addAll(test.keySet());
        List<EpochRow> rows = new ArrayList<>();
        for (int epoch : epochs) {
            List<TrainingMetrics> steps = train.getOrDefault(epoch, List.of());
            long examples = steps.stream().mapToLong(TrainingMetrics::getExamples).sum();
            long lastStep = steps.stream().mapToLong(TrainingMetrics::getStep).max().orElse(0);
            TrainingMetrics v = validation.get(epoch);
            TrainingMetrics t = test.get(epoch);
            rows.add(
                    new EpochRow(
                            Integer.toString(epoch),
                            steps.isEmpty() ? "–" : count(lastStep),
                            examples == 0
                                    ? "–"
                                    : decimal(weightedMean(steps, TrainingMetrics::getLoss)),
                            examples == 0
                                    ? "–"
                                    : percent(weightedMean(steps, TrainingMetrics::getAccuracy)),
                            v == null ? "–" : decimal(v.getLoss()),
                            v == null ? "–" : percent(v.getAccuracy()),
                            t == null ? "–" : decimal(t.getLoss()),
                            t == null ? "–" : percent(t.getAccuracy())));
        }
        return rows;
    }

    static List<ReasonCount> deadLetters(List<DeadLetter> letters) {
        Map<String, Long> counts =
                letters.stream()
                        .collect(
                                Collectors.groupingBy(
                                        letter -> letter.getReason().toString(),
                                        TreeMap::new,
                                        Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(entry -> new ReasonCount(entry.getKey(), entry.getValue()))
                .toList();
    }

    private static double weightedMean(
            List<TrainingMetrics> steps, Function<TrainingMetrics, Double> value) {
        double sum = 0;
        long examples = 0;
        for (TrainingMetrics step : steps) {
            sum += value.apply(step) * step.getExamples();
            examples += step.getExamples();
        }
        return sum / examples;
    }

    /** The time between the first and the last record: the run's length, to a step. */
    private static double recordedSeconds(List<TrainingMetrics> metrics) {
        long first =
                metrics.stream().mapToLong(TrainingMetrics::getTimestampMillis).min().orElse(0);
        long last = metrics.stream().mapToLong(TrainingMetrics::getTimestampMillis).max().orElse(0);
        return (last - first) / 1e3;
    }

    private static Map<Integer, List<TrainingMetrics>> byEpoch(List<TrainingMetrics> metrics) {
        return metrics.stream()
                .collect(
                        Collectors.groupingBy(
                                TrainingMetrics::getEpoch, TreeMap::new, Collectors.toList()));
    }

    private static Map<Integer, TrainingMetrics> lastByEpoch(
            List<TrainingMetrics> metrics, MetricsSplit split) {
        Map<Integer, TrainingMetrics> last = new TreeMap<>();
        for (TrainingMetrics m : select(metrics, split)) {
            last.put(m.getEpoch(), m);
        }
        return last;
    }

    private static List<TrainingMetrics> select(List<TrainingMetrics> metrics, MetricsSplit split) {
        return metrics.stream().filter(m -> m.getSplit() == split).toList();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
