package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training rates from the error operator's metrics, start-up left out. */
class TrainingRateTest {

    /** Step {@code step} of {@code examples} examples, at {@code millis}. */
    private static TrainingMetrics step(long step, long examples, long millis) {
        return new TrainingMetrics(MetricsSplit.TRAIN, step, 1, examples, 1.0, 0.5, 0.0, millis);
    }

    private static TrainingMetrics other(MetricsSplit split, long step, long millis) {
        return new TrainingMetrics(split, step, 1, 1000L, 1.0, 0.5, 0.0, millis);
    }

    /**
     * 20 steps of 100 examples: a slow start (step 1 at 0 ms, step 2 at 1,000 ms), then one step
     * every 50 ms; rolling and test records in between, which do not count.
     */
    private static List<TrainingMetrics> run() {
        List<TrainingMetrics> metrics = new ArrayList<>();
        metrics.add(step(1, 100, 0));
        for (int s = 2; s <= 20; s++) {
            long at = 1000 + (s - 2) * 50L;
            metrics.add(step(s, 100, at));
            metrics.add(other(MetricsSplit.ROLLING_COUNT, s, at));
            metrics.add(other(MetricsSplit.ROLLING_TIME, s, at));
        }
        metrics.add(other(MetricsSplit.TEST, 20, 5000));
        return metrics;
    }

    @Test
    void leavesOutTheFirstTenthOfTheSteps() {
        // 10% of 20 steps: measured from step 2 on, the steps after it over 18 intervals of 50 ms.
        TrainingRate rate = TrainingRate.of(run(), 0.10);
        assertThat(rate.firstStep()).isEqualTo(2);
        assertThat(rate.lastStep()).isEqualTo(20);
        assertThat(rate.steps()).isEqualTo(20);
        assertThat(rate.examples()).isEqualTo(1800);
        assertThat(rate.seconds()).isCloseTo(0.9, within(1e-12));
        assertThat(rate.examplesPerSecond()).isCloseTo(2000, within(1e-9));
    }

    @Test
    void withoutSkippingTheFirstStepsTheStartUpCounts() {
        // As Throughput.ofMetrics: from step 1, the examples of steps 2..20 over 1.9 s.
        TrainingRate rate = TrainingRate.of(run(), 0);
        assertThat(rate.firstStep()).isEqualTo(1);
        assertThat(rate.examples()).isEqualTo(1900);
        assertThat(rate.examplesPerSecond()).isCloseTo(1900 / 1.9, within(1e-9));
    }

    @Test
    void keepsTwoStepsWhateverTheFraction() {
        TrainingRate rate = TrainingRate.of(run(), 1.0);
        assertThat(rate.firstStep()).isEqualTo(19);
        assertThat(rate.lastStep()).isEqualTo(20);
        assertThat(rate.examples()).isEqualTo(100);
        assertThatThrownBy(() -> TrainingRate.of(List.of(step(1, 100, 0)), 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 1");
    }

    @Test
    void withinAWindowOfWallClockTime() {
        // Steps at 1,100 .. 1,400 ms: 7 steps, 6 intervals of 50 ms after the first.
        TrainingRate rate = TrainingRate.within(run(), 1100, 1400);
        assertThat(rate.firstStep()).isEqualTo(4);
        assertThat(rate.lastStep()).isEqualTo(10);
        assertThat(rate.examples()).isEqualTo(600);
        assertThat(rate.examplesPerSecond()).isCloseTo(2000, within(1e-9));
        assertThat(TrainingRate.within(run(), 1101, 1149).examplesPerSecond()).isZero();
    }

    @Test
    void readsAFileUpToItsLastCompleteBlockAndNoFileAsNoRecords(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("metrics.avro");
        try (DataFileWriter<TrainingMetrics> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(TrainingMetrics.class))) {
            writer.create(TrainingMetrics.getClassSchema(), file.toFile());
            for (TrainingMetrics record : run()) {
                writer.append(record);
            }
        }
        assertThat(TrainingRate.read(file)).hasSize(run().size());

        // A writer that is still running: a complete block, then a torn one.
        Path torn = dir.resolve("torn.avro");
        long complete;
        try (DataFileWriter<TrainingMetrics> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(TrainingMetrics.class))) {
            writer.create(TrainingMetrics.getClassSchema(), torn.toFile());
            for (TrainingMetrics record : run().subList(0, 5)) {
                writer.append(record);
            }
            complete = writer.sync();
            for (TrainingMetrics record : run().subList(5, 20)) {
                writer.append(record);
            }
        }
        byte[] bytes = Files.readAllBytes(torn);
        assertThat(bytes.length).isGreaterThan((int) complete + 10);
        Files.write(torn, Arrays.copyOf(bytes, (int) complete + 10));
        assertThat(TrainingRate.read(torn)).hasSize(5);

        assertThat(TrainingRate.read(dir.resolve("missing.avro"))).isEmpty();
    }
}
