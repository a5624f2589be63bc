package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.data.DeadLetters;
import io.photonflow.data.Examples;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary line: what the run achieved, its throughput and what it rejected. */
class RunSummaryTest {

    private final Path output = Path.of("runs", "latest");

    /**
     * Three steps of 100 examples at 10 s, 11 s and 13 s of a 20 s run: 200 examples in the 3 s
     * from the first step to the last, as the progress lines count, not 300 in 20 s.
     */
    @Test
    void theRateLeavesOutWhatCameBeforeTheFirstStepAndTheRejectedAreNamedWithTheirFile() {
        List<TrainingMetrics> metrics =
                List.of(
                        metrics(MetricsSplit.TRAIN, 1, 100, 10_000, 0),
                        metrics(MetricsSplit.TRAIN, 2, 100, 11_000, 0),
                        metrics(MetricsSplit.TEST, 2, 50, 12_000, 0.5),
                        metrics(MetricsSplit.TRAIN, 3, 100, 13_000, 0),
                        metrics(MetricsSplit.TEST, 3, 50, 14_000, 0.75));

        RunSummary summary = RunSummary.of(output, metrics, 7, 20.0);

        assertThat(summary.trainingExamples()).isEqualTo(300);
        assertThat(summary.throughput().samplesPerSecond()).isEqualTo(200 / 3.0);
        assertThat(summary.oneLine())
                .isEqualTo(
                        "done: test accuracy 75.00% after 2 epochs, 20.0 s, 67 training samples/s"
                                + " from the first step to the last; 7 examples rejected, in "
                                + output.resolve("dead-letters.avro")
                                + "; model "
                                + output.resolve("model.avro"));
    }

    @Test
    void aRunWithOneStepAndNothingRejectedSaysSo() {
        List<TrainingMetrics> metrics =
                List.of(
                        metrics(MetricsSplit.TRAIN, 1, 2708, 10_000, 0),
                        metrics(MetricsSplit.TEST, 1, 1000, 10_500, 0.6));

        RunSummary summary = RunSummary.of(output, metrics, 0, 4.0);

        assertThat(summary.oneLine())
                .isEqualTo(
                        "done: test accuracy 60.00% after 1 epochs, 4.0 s, too few training"
                                + " steps for a rate; no example rejected; model "
                                + output.resolve("model.avro"));
        assertThat(summary.throughput().samplesPerSecond()).isZero();
    }

    @Test
    void countsTheDeadLettersOfAnOutputFolder(@TempDir Path folder) throws Exception {
        assertThat(RunSummary.deadLetters(folder)).isZero();
        try (DataFileWriter<DeadLetter> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(DeadLetter.class))) {
            writer.create(
                    DeadLetter.getClassSchema(),
                    folder.resolve(TrainingJob.DEAD_LETTERS_FILE).toFile());
            for (int i = 0; i < 3; i++) {
                writer.append(
                        DeadLetters.of(
                                "train:x.avro#" + i,
                                Examples.toExample("e" + i, new float[1], 0),
                                "a reason"));
                writer.sync();
            }
        }

        assertThat(RunSummary.deadLetters(folder)).isEqualTo(3);
        assertThat(RunSummary.rejections(3, folder))
                .isEqualTo("3 examples rejected, in " + folder.resolve("dead-letters.avro"));
    }

    private static TrainingMetrics metrics(
            MetricsSplit split, long step, long examples, long millis, double accuracy) {
        return TrainingMetrics.newBuilder()
                .setSplit(split)
                .setStep(step)
                .setEpoch((int) step)
                .setExamples(examples)
                .setLoss(1)
                .setAccuracy(accuracy)
                .setSamplesPerSecond(0)
                .setTimestampMillis(millis)
                .build();
    }
}
