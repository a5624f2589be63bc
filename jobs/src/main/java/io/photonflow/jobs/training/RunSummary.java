package io.photonflow.jobs.training;

import io.photonflow.avro.TrainingMetrics;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.model.ModelSelection;
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
 * @param validation validation metrics after each epoch; empty when no validation set was held out
 * @param trainingExamples training examples processed
 * @param seconds wall-clock time of the run
 */
public record RunSummary(
        Path output,
        List<TrainingMetrics> epochs,
        List<TrainingMetrics> validation,
        long trainingExamples,
        double seconds) {

    /** Reads the metrics of the run in {@code output}, which took {@code seconds}. */
    public static RunSummary read(Path output, double seconds) throws IOException {
        List<TrainingMetrics> epochs = new ArrayList<>();
        List<TrainingMetrics> validation = new ArrayList<>();
        long examples = 0;
        try (DataFileReader<TrainingMetrics> reader =
                new DataFileReader<>(
                        output.resolve(TrainingJob.METRICS_FILE).toFile(),
                        new SpecificDatumReader<>(TrainingMetrics.class))) {
            for (TrainingMetrics metrics : reader) {
                switch (metrics.getSplit()) {
                    case TEST -> epochs.add(metrics);
                    case VALIDATION -> validation.add(metrics);
                    case TRAIN -> examples += metrics.getExamples();
                    default -> {}
                }
            }
        }
        return new RunSummary(output, epochs, validation, examples, seconds);
    }

    /**
     * The epoch (0-based) selected on validation: the highest validation accuracy, ties to the
     * lower validation loss, then to the earlier epoch; the last epoch when there is no validation
     * set.
     */
    public int bestEpoch() {
        if (validation.isEmpty()) {
            return epochs.size() - 1;
        }
        return ModelSelection.bestEpoch(
                validation.size(),
                i -> validation.get(i).getAccuracy(),
                i -> validation.get(i).getLoss());
    }

    /** Test accuracy at {@link #bestEpoch()}: model selection on validation alone. */
    public double testAccuracyAtBestValidation() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(bestEpoch()).getAccuracy();
    }

    /** Test accuracy after the last epoch. */
    public double finalTestAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).getAccuracy();
    }

    /** The summary line printed at the end of a run. */
    public String oneLine() {
        String selected =
                validation.isEmpty()
                        ? ""
                        : String.format(
                                " (best validation accuracy %.2f%% after epoch %d, test %.2f%%)",
                                100 * validation.get(bestEpoch()).getAccuracy(),
                                bestEpoch() + 1,
                                100 * testAccuracyAtBestValidation());
        return String.format(
                "done: test accuracy %.2f%% after %d epochs%s, %.1f s, %.0f training samples/s;"
                        + " model %s",
                100 * finalTestAccuracy(),
                epochs.size(),
                selected,
                seconds,
                trainingExamples / seconds,
                output.resolve(ModelSnapshotSink.LATEST));
    }
}
