package io.photonflow.jobs.inference;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.file.DataFileReader;

/**
 * The inspection of a metrics file: per split, how many records, the last figures and the best
 * accuracy (the first record that reached it).
 */
final class MetricsSummary {

    private MetricsSummary() {}

    static void print(Path file, PrintStream out) throws IOException {
        Map<MetricsSplit, Split> splits = new EnumMap<>(MetricsSplit.class);
        try (DataFileReader<TrainingMetrics> reader =
                AvroContainers.open(
                        file,
                        TrainingMetrics.class,
                        TrainingMetrics.getClassSchema(),
                        "metrics file")) {
            for (TrainingMetrics metrics : reader) {
                splits.computeIfAbsent(metrics.getSplit(), split -> new Split()).add(metrics);
            }
        }
        int records = splits.values().stream().mapToInt(split -> split.records).sum();
        out.printf(Locale.ROOT, "%s: metrics, %,d records%n", file, records);
        out.printf(
                Locale.ROOT,
                "%-14s %9s %10s   %-36s %s%n",
                "split",
                "records",
                "examples",
                "last (step, epoch: loss, accuracy)",
                "best accuracy");
        splits.forEach(
                (split, figures) ->
                        out.printf(
                                Locale.ROOT,
                                "%-14s %,9d %,10d   %-36s %s%n",
                                split.name().toLowerCase(Locale.ROOT),
                                figures.records,
                                figures.examples,
                                String.format(
                                        Locale.ROOT,
                                        "%,d, %d: %.4f, %.2f%%",
                                        figures.last.getStep(),
                                        figures.last.getEpoch(),
                                        figures.last.getLoss(),
                                        100 * figures.last.getAccuracy()),
                                String.format(
                                        Locale.ROOT,
                                        "%.2f%% (step %,d, epoch %d)",
                                        100 * figures.best.getAccuracy(),
                                        figures.best.getStep(),
                                        figures.best.getEpoch())));
    }

    /** The running figures of one split. */
    private static final class Split {

        private int records;
        private long examples;
        private TrainingMetrics last;
        private TrainingMetrics best;

        void add(TrainingMetrics metrics) {
            records++;
            examples += metrics.getExamples();
            last = metrics;
            if (best == null || metrics.getAccuracy() > best.getAccuracy()) {
                best = metrics;
            }
        }
    }
}
