package io.photonflow.flink.operators;

import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.types.FloatMatrix;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Joins the column blocks of a layer's output, one record from each of its shards per minibatch,
 * into whole rows for the layer above, in shard order. Every shard computes the same minibatches in
 * the same order and each shard's records arrive in the order it sent them, so the n-th records of
 * all shards are the blocks of one minibatch: no key is needed, and the join is the same in every
 * run. Blocks waiting for the others' are operator state.
 */
final class BlockJoin {

    private final int shards;
    private final List<ArrayDeque<ForwardBatch>> waiting = new ArrayList<>();
    private ListState<ForwardBatch> state;

    /** A join of the blocks of {@code shards} shards (1: records pass as they are). */
    BlockJoin(int shards) {
        this.shards = shards;
        for (int shard = 0; shard < shards; shard++) {
            waiting.add(new ArrayDeque<>());
        }
    }

    /** Registers the waiting blocks' state as {@code name} and restores them. */
    void initializeState(OperatorStateStore store, String name) throws Exception {
        state =
                store.getListState(
                        new ListStateDescriptor<>(name, TypeInformation.of(ForwardBatch.class)));
        for (ForwardBatch block : state.get()) {
            waiting.get(block.shard()).add(block);
        }
    }

    /** Writes the waiting blocks, each shard's in arrival order, into the state. */
    void snapshotState() throws Exception {
        List<ForwardBatch> all = new ArrayList<>();
        waiting.forEach(all::addAll);
        state.update(all);
    }

    /** The whole minibatch once every shard's block of it has arrived; null until then. */
    ForwardBatch add(ForwardBatch block) {
        if (shards == 1) {
            return block;
        }
        if (block.shard() < 0 || block.shard() >= shards) {
            throw new IllegalArgumentException(
                    "a block of shard " + block.shard() + " of a layer of " + shards + " shards");
        }
        waiting.get(block.shard()).add(block);
        for (ArrayDeque<ForwardBatch> queue : waiting) {
            if (queue.isEmpty()) {
                return null;
            }
        }
        List<ForwardBatch> blocks = new ArrayList<>(shards);
        for (ArrayDeque<ForwardBatch> queue : waiting) {
            blocks.add(queue.poll());
        }
        ForwardBatch first = blocks.get(0);
        for (ForwardBatch other : blocks) {
            if (other.phase() != first.phase() || other.step() != first.step()) {
                throw new IllegalStateException(
                        String.format(
                                "blocks of different minibatches met: %s step %d of shard 0, %s"
                                        + " step %d of shard %d",
                                first.phase(),
                                first.step(),
                                other.phase(),
                                other.step(),
                                other.shard()));
            }
        }
        return first.withValues(
                FloatMatrix.joinColumns(blocks.stream().map(ForwardBatch::values).toList()), 0);
    }
}
