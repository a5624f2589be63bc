package io.photonflow.flink.operators;

import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.WrittenShard;
import java.io.Serializable;
import org.apache.flink.util.OutputTag;

/**
 * Where an update operator sends a layer's part of the model snapshot at the end of every epoch: a
 * whole layer sends its weights and learner state; a column shard writes them to its shard file in
 * the snapshot's folder and sends only where it wrote them, so that no task holds a whole split
 * layer.
 *
 * @param layers side output for the weights and learner state of a whole layer
 * @param shards side output for the shard files a split layer's shards wrote
 * @param folder the folder of the model snapshots, where shard files go
 */
public record EpochEnds(
        OutputTag<PublishedLayer> layers, OutputTag<WrittenShard> shards, String folder)
        implements Serializable {}
