package io.photonflow.jobs.bench;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Sustained training throughput of a dataflow, read from the error operator's {@link
 * TrainingMetrics} of its training steps (metrics.avro): the examples of the steps after a first
 * kept step, over the wall-clock time from that step to the last. Leaving out the first steps
 * leaves out start-up (deployment, the first forward passes, JIT compilation); a batch run and an
 * online run measured with the same {@code skip} are measured alike.
 *
 * @param examples training examples of the steps after {@code firstStep}, up to {@code lastStep}
 * @param seconds wall-clock seconds from step {@code firstStep} to step {@code lastStep}
 * @param firstStep the step the time is measured from
 * @param lastStep the last step
 * @param steps all training steps in the file
 */
public record TrainingRate(
        long examples, double seconds, long firstStep, long lastStep, long steps) {

    /** Examples per second; 0 when fewer than two steps were measured. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }

    /**
     * The rate over the training steps of {@code metrics} (other splits ignored), leaving out the
     * first {@code skipFraction} of them (at least one: the time before the first step is unknown).
     */
    public static TrainingRate of(List<TrainingMetrics> metrics, double skipFraction) {
        List<TrainingMetrics> train = training(metrics);
        if (train.size() < 2) {
            throw new IllegalArgumentException(
                    "a training rate needs 2 training steps or more, the run has " + train.size());
        }
        int first = Math.max(0, (int) Math.floor(skipFraction * train.size()) - 1);
        first = Math.min(first, train.size() - 2);
        return over(train.subList(first, train.size()), train.size());
    }

    /**
     * The rate over the training steps of {@code metrics} whose timestamps lie in [{@code
     * fromMillis}, {@code toMillis}]; zero examples when fewer than two do.
     */
    public static TrainingRate within(
            List<TrainingMetrics> metrics, long fromMillis, long toMillis) {
        List<TrainingMetrics> train = training(metrics);
        List<TrainingMetrics> inside = new ArrayList<>();
        for (TrainingMetrics step : train) {
            if (step.getTimestampMillis() >= fromMillis && step.getTimestampMillis() <= toMillis) {
                inside.add(step);
            }
        }
        if (inside.size() < 2) {
            return new TrainingRate(0, 0, 0, 0, train.size());
        }
        return over(inside, train.size());
    }

    private static TrainingRate over(List<TrainingMetrics> steps, long all) {
        long examples = 0;
        for (int i = 1; i < steps.size(); i++) {
            examples += steps.get(i).getExamples();
        }
        TrainingMetrics first = steps.get(0);
        TrainingMetrics last = steps.get(steps.size() - 1);
        return new TrainingRate(
                examples,
                (last.getTimestampMillis() - first.getTimestampMillis()) / 1e3,
                first.getStep(),
                last.getStep(),
                all);
    }

    private static List<TrainingMetrics> training(List<TrainingMetrics> metrics) {
        List<TrainingMetrics> train = new ArrayList<>();
        for (TrainingMetrics record : metrics) {
            if (record.getSplit() == MetricsSplit.TRAIN) {
                train.add(record);
            }
        }
        return train;
    }

    /**
     * The records of a metrics file, up to its last complete block (a running job's file ends in an
     * incomplete one); none when the file does not exist.
     */
    public static List<TrainingMetrics> read(Path file) throws IOException {
        List<TrainingMetrics> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try (DataFileReader<TrainingMetrics> reader =
                new DataFileReader<>(
                        file.toFile(), new SpecificDatumReader<>(TrainingMetrics.class))) {
            while (reader.hasNext()) {
                records.add(reader.next());
            }
        } catch (AvroRuntimeException incompleteBlock) {
            // the records read so far are whole
        }
        return records;
    }
}
