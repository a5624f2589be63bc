package io.photonflow.flink.records;

import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.model.Phase;

/**
 * A minibatch on its way forward: the source's examples, then each layer's output in turn.
 *
 * @param phase training, validation, test or prediction
 * @param step for TRAIN the 1-based training step; otherwise the weight version to use (the step
 *     whose weights are evaluated or predicted with)
 * @param epoch 1-based epoch
 * @param lastOfEpoch for TRAIN, whether this is the epoch's last training step
 * @param evalIndex for VALIDATION and TEST, the minibatch's position in its evaluation pass
 * @param evalCount for VALIDATION and TEST, the number of minibatches of that pass
 * @param values batch x width: the examples' features, or the previous layer's output
 * @param labels the class of every row
 * @param ids for examples of a stream, every row's id; otherwise null
 * @param eventTimes for examples of a stream, every row's event time (epoch milliseconds);
 *     otherwise null
 * @param shard which column block of its layer's output {@code values} are: the index of the layer
 *     shard that computed them (0 for the source and for layers in one piece)
 */
public record ForwardBatch(
        Phase phase,
        long step,
        int epoch,
        boolean lastOfEpoch,
        int evalIndex,
        int evalCount,
        FloatMatrix values,
        int[] labels,
        String[] ids,
        long[] eventTimes,
        int shard) {

    /** A minibatch of whole rows, as a source or a layer in one piece sends it. */
    public ForwardBatch(
            Phase phase,
            long step,
            int epoch,
            boolean lastOfEpoch,
            int evalIndex,
            int evalCount,
            FloatMatrix values,
            int[] labels,
            String[] ids,
            long[] eventTimes) {
        this(
                phase,
                step,
                epoch,
                lastOfEpoch,
                evalIndex,
                evalCount,
                values,
                labels,
                ids,
                eventTimes,
                0);
    }

    /** A minibatch of examples read from files, which need no ids. */
    public ForwardBatch(
            Phase phase,
            long step,
            int epoch,
            boolean lastOfEpoch,
            int evalIndex,
            int evalCount,
            FloatMatrix values,
            int[] labels) {
        this(phase, step, epoch, lastOfEpoch, evalIndex, evalCount, values, labels, null, null);
    }

    /** The same minibatch with {@code values} replaced by a layer's output. */
    public ForwardBatch withValues(FloatMatrix next) {
        return withValues(next, shard);
    }

    /**
     * The same minibatch with {@code values} replaced by shard {@code from}'s block of a layer's
     * output.
     */
    public ForwardBatch withValues(FloatMatrix next, int from) {
        return new ForwardBatch(
                phase,
                step,
                epoch,
                lastOfEpoch,
                evalIndex,
                evalCount,
                next,
                labels,
                ids,
                eventTimes,
                from);
    }

    /** Rows in the minibatch. */
    public int rows() {
        return labels.length;
    }
}
