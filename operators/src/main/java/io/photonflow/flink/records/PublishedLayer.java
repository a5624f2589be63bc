package io.photonflow.flink.records;

/**
 * One layer's part of a model snapshot: its weights at the end of an epoch (or of an online model
 * version) and, where an update operator sends it, its learner's state, with which a resumed run
 * continues exactly. A layer split into column shards sends a {@link WrittenShard} per shard
 * instead.
 *
 * @param weights the layer's weights, labelled with the epoch (model version) they end
 * @param learner the learner's state at the same version; null where a layer operator publishes the
 *     weights it holds (a stream's end)
 */
public record PublishedLayer(WeightsVersion weights, LearnerState learner) {}
