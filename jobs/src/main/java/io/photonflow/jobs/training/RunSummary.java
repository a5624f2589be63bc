package io.photonflow.jobs.training;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * What a finished run achieved, read back from its metrics file.
 *
 * @param output the run's output folder
 * @param epochs test metrics after each epoch
 * @param trainingExamples training examples processed
 * @param seconds wall-clock time of the run
 */
public record RunSummary(
        Path output, List<TrainingMetrics> epochs, long trainingExamples, double seconds) {

    /** Reads the metrics of the run in {@code output}, which took {@code seconds}. */
    public static RunSummary read(Path output, double seconds) throws IOException {
        List<TrainingMetrics> epochs = new ArrayList<>();
        long examples = 0;
        try (DataFileReader<TrainingMetrics> reader =
                new DataFileReader<>(
                        output.resolve(TrainingJob.METRICS_FILE).toFile(),
                        new SpecificDatumReader<>(TrainingMetrics.class))) {
            for (TrainingMetrics metrics : reader) {
                if (metrics.getSplit() == MetricsSplit.TEST) {
                    epochs.add(metrics);
                } else {
                    examples += metrics.getExamples();
                }
            }
        }
        return new RunSummary(output, epochs, examples, seconds);
    }

    /** Test accuracy after the last epoch. */
    public double finalTestAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).getAccuracy();
    }

    /** The summary line printed at the end of a run. */
    public String oneLine() {
        return String.format(
                "done: test accuracy %.2f%% after %d epochs, %.1f s, %.0f training samples/s; model %s",
                100 * finalTestAccuracy(),
                epochs.size(),
                seconds,
                trainingExamples / seconds,
                output.resolve(ModelSnapshotSink.LATEST));
    }
}
