package io.photonflow.jobs.training;

import io.photonflow.avro.DeadLetter;
import io.photonflow.data.InputScaling;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.online.PredictionVersions;
import io.photonflow.online.PrequentialMonitor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a training dataflow's minibatches come from: a bounded replay of files ({@link
 * FileMinibatches}), or a stream of examples. The dataflow takes it as a parameter, so that jobs
 * and tests choose it.
 */
public interface MinibatchSource {

    /**
     * Adds the source to {@code env}.
     *
     * @return training minibatches numbered 1, 2, … in training order, with the evaluation passes
     *     between them, and a dead letter for every example that could not be used
     */
    Minibatches addTo(StreamExecutionEnvironment env);

    /** Training steps the source will emit, for the learning-rate schedule; 0 when unbounded. */
    long totalSteps();

    /** Training steps per epoch, for the staleness rule; 0 for a stream, which has no epochs. */
    long stepsPerEpoch();

    /** The map applied to the features, recorded in model snapshots. */
    InputScaling scaling();

    /**
     * The prequential monitoring a stream's training steps get (rolling windows, drift detection
     * and reaction); null for a replay of files, which is evaluated on its validation and test sets
     * instead.
     */
    default PrequentialMonitor.Settings monitoring() {
        return null;
    }

    /**
     * The weight versions a stream's predictions use; a replay of files predicts nothing, and keeps
     * the versions of the staleness rule only.
     */
    default PredictionVersions predictionVersions() {
        return new PredictionVersions(0, 0);
    }

    /**
     * A source's streams.
     *
     * @param batches minibatches, in order
     * @param deadLetters examples rejected, with the reason
     */
    record Minibatches(DataStream<ForwardBatch> batches, DataStream<DeadLetter> deadLetters) {}
}
