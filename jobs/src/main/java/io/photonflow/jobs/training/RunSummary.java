package io.photonflow.jobs.training;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.model.ModelSelection;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * What a finished run achieved, read back from its metrics file and counted in its dead letters.
 *
 * @param output the run's output folder
 * @param epochs test metrics after each epoch
 * @param validation validation metrics after each epoch; empty when no validation set was held out
 * @param trainingExamples training examples processed
 * @param seconds wall-clock time of the run
 * @param throughput the training steps' throughput, as the progress lines measure it
 * @param rejected examples the run could not use, written to {@value TrainingJob#DEAD_LETTERS_FILE}
 */
public record RunSummary(
        Path output,
        List<TrainingMetrics> epochs,
        List<TrainingMetrics> validation,
        long trainingExamples,
        double seconds,
        StepThroughput throughput,
        long rejected) {

    /**
     * Reads the metrics and counts the dead letters of the run in {@code output}, which took {@code
     * seconds}.
     */
    public static RunSummary read(Path output, double seconds) throws IOException {
        List<TrainingMetrics> all = new ArrayList<>();
        try (DataFileReader<TrainingMetrics> reader =
                new DataFileReader<>(
                        output.resolve(TrainingJob.METRICS_FILE).toFile(),
                        new SpecificDatumReader<>(TrainingMetrics.class))) {
            reader.forEach(all::add);
        }
        return of(output, all, deadLetters(output), seconds);
    }

    /** The summary of a run's {@code metrics}, in order, with {@code rejected} dead letters. */
    public static RunSummary of(
            Path output, List<TrainingMetrics> metrics, long rejected, double seconds) {
        List<TrainingMetrics> epochs = new ArrayList<>();
        List<TrainingMetrics> validation = new ArrayList<>();
        long examples = 0;
        StepThroughput throughput = StepThroughput.NONE;
        for (TrainingMetrics record : metrics) {
            switch (record.getSplit()) {
                case TEST -> epochs.add(record);
                case VALIDATION -> validation.add(record);
                case TRAIN -> {
                    examples += record.getExamples();
                    throughput = throughput.after(record);
                }
                default -> {}
            }
        }
        return new RunSummary(output, epochs, validation, examples, seconds, throughput, rejected);
    }

    /**
     * The dead letters in the output folder {@code output}; 0 when it holds no dead-letter file.
     */
    public static long deadLetters(Path output) throws IOException {
        File file = output.resolve(TrainingJob.DEAD_LETTERS_FILE).toFile();
        if (!file.isFile()) {
            return 0;
        }
        long count = 0;
        try (DataFileReader<DeadLetter> reader =
                new DataFileReader<>(file, new SpecificDatumReader<>(DeadLetter.class))) {
            while (reader.hasNext()) {
                reader.nextBlock();
                count += reader.getBlockCount();
            }
        }
        return count;
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
        String rate =
                throughput.measured()
                        ? String.format(
                                "%.0f training samples/s from the first step to the last",
                                throughput.samplesPerSecond())
                        : "too few training steps for a rate";
        String dead = rejections(rejected, output);
        return String.format(
                "done: test accuracy %.2f%% after %d epochs%s, %.1f s, %s; %s; model %s",
                100 * finalTestAccuracy(),
                epochs.size(),
                selected,
                seconds,
                rate,
                dead,
                output.resolve(ModelSnapshotSink.LATEST));
    }

    /**
     * How many examples a run into {@code output} rejected and where they went, as the summary line
     * says it: {@code no example rejected}, or {@code 3 examples rejected, in <dead-letter file>}.
     */
    public static String rejections(long rejected, Path output) {
        return rejected == 0
                ? "no example rejected"
                : String.format(
                        "%d %s rejected, in %s",
                        rejected,
                        rejected == 1 ? "example" : "examples",
                        output.resolve(TrainingJob.DEAD_LETTERS_FILE));
    }
}
