package io.photonflow.flink.records;

import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.avro.ShardFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One column shard's part of a model snapshot, which its update task wrote to a file of its own
 * instead of sending its weights: what the snapshot records of it.
 *
 * @param layer the layer
 * @param shard which shard of the layer
 * @param fromColumn the shard's first column
 * @param toColumn one past its last column
 * @param version updates applied
 * @param epoch the epoch (model version) the weights end
 * @param file the file, relative to the snapshot's folder
 * @param skippedUpdates non-finite updates the shard dropped
 * @param weightSteps optimizer steps taken on the shard's W
 * @param weightSlots optimizer slots of W
 * @param biasSteps optimizer steps taken on the shard's b
 * @param biasSlots optimizer slots of b
 */
public record WrittenShard(
        int layer,
        int shard,
        int fromColumn,
        int toColumn,
        long version,
        int epoch,
        String file,
        long skippedUpdates,
        long weightSteps,
        int weightSlots,
        long biasSteps,
        int biasSlots) {

    /** Where the snapshot finds the shard. */
    public ShardFile entry() {
        return ShardFile.newBuilder()
                .setLayer(layer)
                .setShard(shard)
                .setFromColumn(fromColumn)
                .setToColumn(toColumn)
                .setFile(file)
                .build();
    }

    /**
     * The optimizer state of the whole layer whose shards are {@code shards}: its counters (the
     * shards take their steps together; their dropped updates add up) and as many slots as the
     * optimizer keeps, each empty, for the shard files hold the values.
     */
    public static LayerOptimizerState optimizerState(List<WrittenShard> shards) {
        WrittenShard first = shards.get(0);
        return LayerOptimizerState.newBuilder()
                .setWeightSteps(first.weightSteps)
                .setWeightSlots(empty(first.weightSlots))
                .setBiasSteps(first.biasSteps)
                .setBiasSlots(empty(first.biasSlots))
                .setSkippedUpdates(shards.stream().mapToLong(WrittenShard::skippedUpdates).sum())
                .build();
    }

    private static List<List<Float>> empty(int slots) {
        List<List<Float>> lists = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            lists.add(Collections.emptyList());
        }
        return lists;
    }
}
