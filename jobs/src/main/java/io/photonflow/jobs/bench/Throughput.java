package io.photonflow.jobs.bench;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.jobs.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Training throughput of one trainer.
 *
 * @param examples training examples processed
 * @param seconds wall-clock seconds spent training them
 * @param testAccuracy test accuracy at the end
 */
public record Throughput(long examples, double seconds, double testAccuracy) {

    /**
     * The dataflow's throughput, read from the timestamps of its training metrics: the examples of
     * steps 2..N over the time from step 1 to step N, so that start-up is left out (test-set passes
     * between epochs stay in).
     */
    public static Throughput ofMetrics(Path output, double testAccuracy) throws IOException {
        long first = -1;
        long last = -1;
        long examples = 0;
        try (DataFileReader<TrainingMetrics> reader =
                new DataFileReader<>(
                        output.resolve(TrainingJob.METRICS_FILE).toFile(),
                        new SpecificDatumReader<>(TrainingMetrics.class))) {
            for (TrainingMetrics metrics : reader) {
                if (metrics.getSplit() != MetricsSplit.TRAIN) {
                    continue;
                }
                if (first < 0) {
                    first = metrics.getTimestampMillis();
                } else {
                    examples += metrics.getExamples();
                }
                last = metrics.getTimestampMillis();
            }
        }
        return new Throughput(examples, (last - first) / 1e3, testAccuracy);
    }

    public double samplesPerSecond() {
        return examples / seconds;
    }
}
