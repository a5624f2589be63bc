package io.photonflow.jobs.report;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/** Small runs written out by hand, with figures easy to check. */
final class RunRecordsFixture {

    private RunRecordsFixture() {}

    static TrainingMetrics metrics(
            MetricsSplit split, long step, int epoch, long examples, double loss, double accuracy) {
        return TrainingMetrics.newBuilder()
                .setSplit(split)
                .setStep(step)
                .setEpoch(epoch)
                .setExamples(examples)
                .setLoss(loss)
                .setAccuracy(accuracy)
                .setSamplesPerSecond(split == MetricsSplit.TRAIN ? 1000 : 0)
                .setTimestampMillis(1_000 * step)
                .build();
    }

    /**
     * Two epochs of two steps of 10 examples, a validation and a test pass after each, the angle of
     * two hidden layers at steps 2 and 4, and three dead letters of two reasons.
     */
    static RunRecords batchRun(Path directory) {
        return new RunRecords(
                directory,
                List.of(
                        metrics(MetricsSplit.TRAIN, 1, 1, 10, 2.0, 0.1),
                        metrics(MetricsSplit.TRAIN, 2, 1, 10, 1.0, 0.5),
                        metrics(MetricsSplit.VALIDATION, 2, 1, 50, 1.2, 0.6),
                        metrics(MetricsSplit.TEST, 2, 1, 100, 1.1, 0.55),
                        metrics(MetricsSplit.TRAIN, 3, 2, 10, 0.8, 0.6),
                        metrics(MetricsSplit.TRAIN, 4, 2, 10, 0.6, 0.8),
                        metrics(MetricsSplit.VALIDATION, 4, 2, 50, 0.9, 0.58),
                        metrics(MetricsSplit.TEST, 4, 2, 100, 0.7, 0.75)),
                List.of(
                        angle(2, 1, 0, 80),
                        angle(2, 1, 1, 85),
                        angle(4, 2, 0, 70),
                        angle(4, 2, 1, 75)),
                List.of(),
                List.of(
                        deadLetter("label 14 out of range <0..9> & \"dropped\""),
                        deadLetter("features: 12 values, expected 16"),
                        deadLetter("label 14 out of range <0..9> & \"dropped\"")));
    }

    /**
     * An online run: four steps of 5 examples with their prequential figures over count and time
     * windows, and a drift detected at step 3.
     */
    static RunRecords onlineRun(Path directory) {
        return new RunRecords(
                directory,
                List.of(
                        metrics(MetricsSplit.TRAIN, 1, 1, 5, 2.0, 0.2),
                        metrics(MetricsSplit.ROLLING_COUNT, 1, 1, 5, 2.0, 0.2),
                        metrics(MetricsSplit.ROLLING_TIME, 1, 1, 5, 2.0, 0.2),
                        metrics(MetricsSplit.TRAIN, 2, 1, 5, 1.0, 0.6),
                        metrics(MetricsSplit.ROLLING_COUNT, 2, 1, 10, 1.5, 0.4),
                        metrics(MetricsSplit.ROLLING_TIME, 2, 1, 10, 1.5, 0.4),
                        metrics(MetricsSplit.TRAIN, 3, 1, 5, 3.0, 0.0),
                        metrics(MetricsSplit.ROLLING_COUNT, 3, 1, 10, 2.0, 0.3),
                        metrics(MetricsSplit.ROLLING_TIME, 3, 1, 15, 2.0, 0.267),
                        metrics(MetricsSplit.TRAIN, 4, 1, 5, 1.5, 0.4),
                        metrics(MetricsSplit.ROLLING_COUNT, 4, 1, 10, 2.25, 0.2),
                        metrics(MetricsSplit.ROLLING_TIME, 4, 1, 20, 1.875, 0.3)),
                List.of(),
                List.of(
                        DriftEvent.newBuilder()
                                .setDetector("page-hinkley")
                                .setStep(3)
                                .setExampleOffset(13)
                                .setStatistic(5.5)
                                .setThreshold(5)
                                .setEventTimeMillis(3_000)
                                .build()),
                List.of());
    }

    private static AlignmentMeasurement angle(long step, int epoch, int layer, double degrees) {
        return AlignmentMeasurement.newBuilder()
                .setStep(step)
                .setEpoch(epoch)
                .setLayer(layer)
                .setAngleDegrees(degrees)
                .build();
    }

    private static DeadLetter deadLetter(String reason) {
        return DeadLetter.newBuilder()
                .setSource("train:/data/x.avro#1")
                .setPayloadFormat("avro:io.photonflow.avro.Example")
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2}))
                .setReason(reason)
                .build();
    }
}
