package io.photonflow.flink.records;

/**
 * One layer's part of a model snapshot: its weights at the end of an epoch (or of an online model
 * version) and, where an update operator sends it, its learner's state, with which a resumed run
 * continues exactly. A layer split into column shards sends one part per shard.
 *
 * @param weights the layer's weights, labelled with the epoch (model version) they end
 * @param learner the learner's state at the same version; null where a layer operator publishes the
 *     weights it holds (a stream's end)
 * @param shard which column shard of the layer it is
 * @param shards how many shards the layer has
 */
public record PublishedLayer(WeightsVersion weights, LearnerState learner, int shard, int shards) {

    /** A layer in one piece. */
    public PublishedLayer(WeightsVersion weights, LearnerState learner) {
        this(weights, learner, 0, 1);
    }
}
