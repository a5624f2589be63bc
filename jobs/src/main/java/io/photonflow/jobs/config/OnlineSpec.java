package io.photonflow.jobs.config;

import io.photonflow.data.InputScaling;
import io.photonflow.online.PredictionVersions;
import io.photonflow.online.PrequentialMonitor;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Online learning from a Kafka topic of examples ({@code photonflow online}): where the examples
 * come from and where predictions, model versions and dead letters go, and how minibatches,
 * predictions and model versions are formed. Training minibatches are {@code training.batch-size}
 * labelled examples in log order, so that the weights are a function of the log.
 *
 * @param bootstrapServers the Kafka brokers, host:port[,host:port]
 * @param examplesTopic the topic of examples (Avro single-object encoded {@code Example}s)
 * @param predictionsTopic where a {@code Prediction} for every unlabelled example goes
 * @param modelsTopic where model versions ({@code ModelSnapshot}s) go
 * @param deadLettersTopic where examples that could not be used go, with the reason
 * @param groupId the consumer group the job reports its offsets under
 * @param delivery {@code exactly-once} (Kafka transactions committed at checkpoints: a prediction
 *     is visible one checkpoint later) or {@code at-least-once} (visible at once; after a failure a
 *     prediction may repeat, with the same id and model version)
 * @param ordering {@code arrival} (the order the records are read: one partition) or {@code
 *     event-time} (examples released behind the watermark in (timestamp, partition, offset) order,
 *     so that a topic of several partitions gives one training sequence; timestamps must not
 *     decrease within a partition)
 * @param bounded stop at the end of the topic as it is when the job starts (replays, tests);
 *     otherwise the job never ends
 * @param predictionBatchSize at most this many unlabelled examples per prediction minibatch
 * @param predictionMaxWait longest an unlabelled example waits for its minibatch to fill
 * @param predictionLag training steps by which the weights that predict may trail those that train
 *     (see {@link PredictionVersions}): up to this many training minibatches waiting for their
 *     weights at a layer do not hold predictions up; 0: predictions queue behind them
 * @param modelEverySteps publish a model version every this many training steps (0: never)
 * @param modelEveryTime also publish one at the first step after every this much wall-clock time
 *     ({@code 0 s}: never)
 * @param windowExamples rolling prequential metrics over the last this many labelled examples
 * @param windowTime rolling prequential metrics over the last this much event time
 * @param drift drift detection on the prequential error, and the reaction to it
 * @param inputScaling the map applied to every feature before it is learned from or predicted on
 */
public record OnlineSpec(
        String bootstrapServers,
        String examplesTopic,
        String predictionsTopic,
        String modelsTopic,
        String deadLettersTopic,
        String groupId,
        Delivery delivery,
        Ordering ordering,
        boolean bounded,
        int predictionBatchSize,
        String predictionMaxWait,
        int predictionLag,
        int modelEverySteps,
        String modelEveryTime,
        int windowExamples,
        String windowTime,
        DriftSpec drift,
        InputScaling inputScaling)
        implements Serializable, ConfigSection {

    /** The order examples are learned from in. */
    public enum Ordering {
        ARRIVAL,
        EVENT_TIME
    }

    /** Delivery guarantee of the job's Kafka outputs. */
    public enum Delivery {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    public Duration modelEveryTimeDuration() {
        return Durations.parse(modelEveryTime);
    }

    public Duration predictionMaxWaitDuration() {
        return Durations.parse(predictionMaxWait);
    }

    /** The weight versions predictions use, under the training rule's {@code staleness}. */
    public PredictionVersions predictionVersions(int staleness) {
        return new PredictionVersions(staleness, predictionLag);
    }

    /** What the error operator monitors of the prequential scores, and how it reacts. */
    public PrequentialMonitor.Settings monitoring() {
        return new PrequentialMonitor.Settings(
                windowExamples,
                Durations.parse(windowTime).toMillis(),
                drift.detectorSpec(),
                drift.reactionSpec());
    }

    @Override
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        required(bootstrapServers, path + ".bootstrap-servers", problems);
        required(examplesTopic, path + ".examples-topic", problems);
        required(predictionsTopic, path + ".predictions-topic", problems);
        required(modelsTopic, path + ".models-topic", problems);
        required(deadLettersTopic, path + ".dead-letters-topic", problems);
        required(groupId, path + ".group-id", problems);
        if (delivery == null) {
            problems.add(path + ".delivery must be one of exactly-once, at-least-once");
        }
        if (ordering == null) {
            problems.add(path + ".ordering must be one of arrival, event-time");
        }
        if (predictionBatchSize < 1) {
            problems.add(
                    path + ".prediction-batch-size must be at least 1, got " + predictionBatchSize);
        }
        Durations.check(predictionMaxWait, path + ".prediction-max-wait", problems);
        if (predictionLag < 0) {
            problems.add(path + ".prediction-lag must be 0 or more, got " + predictionLag);
        }
        if (modelEverySteps < 0) {
            problems.add(
                    path + ".model-every-steps must be 0 (never) or more, got " + modelEverySteps);
        }
        Durations.checkZeroOrMore(modelEveryTime, path + ".model-every-time", problems);
        if (windowExamples < 1) {
            problems.add(path + ".window-examples must be at least 1, got " + windowExamples);
        }
        Durations.check(windowTime, path + ".window-time", problems);
        if (drift == null) {
            problems.add(path + ".drift is missing");
        } else {
            problems.addAll(drift.problems(path + ".drift"));
        }
        if (inputScaling == null) {
            problems.add(path + ".input-scaling must be {shift: F, scale: F}");
        } else if (!Float.isFinite(inputScaling.shift())
                || !(inputScaling.scale() > 0)
                || !Float.isFinite(inputScaling.scale())) {
            problems.add(
                    path
                            + ".input-scaling needs a finite shift and a positive, finite scale, got "
                            + "shift "
                            + inputScaling.shift()
                            + " and scale "
                            + inputScaling.scale());
        }
        return problems;
    }

    private static void required(String value, String key, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(key + " must be set");
        }
    }
}
