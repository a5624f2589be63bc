package io.photonflow.flink.operators;

import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.ShardFile;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.records.WrittenShard;
import io.photonflow.math.LayerShape;
import io.photonflow.model.TrainingSetup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers the last weight version of an epoch (or online model version) from every layer, and emits
 * the model snapshot once all have arrived, with the optimizer state when every layer's update
 * operators sent their own. A layer split into column shards sends no weights: each shard wrote its
 * own file ({@link WrittenShard}), which the snapshot names, so that this task never holds a split
 * layer. Run with parallelism 1.
 */
public final class ModelSnapshotAssembler
        extends CoProcessFunction<PublishedLayer, WrittenShard, ModelSnapshot>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final TrainingSetup setup;
    private final InputScaling scaling;
    private final String configFingerprint;

    /** The parts of a snapshot: one per shard of every layer (a whole layer is one shard). */
    private final int expectedParts;

    private transient TreeMap<Integer, Parts> pending;
    private transient ListState<PublishedLayer> pendingLayers;
    private transient ListState<WrittenShard> pendingShards;

    /**
     * @param setup what the model was trained with, recorded in the snapshot
     * @param scaling the map applied to inputs, recorded in the snapshot
     * @param configFingerprint fingerprint of the job configuration, recorded in the snapshot
     */
    public ModelSnapshotAssembler(
            TrainingSetup setup, InputScaling scaling, String configFingerprint) {
        this.setup = setup;
        this.scaling = scaling;
        this.configFingerprint = configFingerprint;
        this.expectedParts = setup.sharding().total(setup.network().depth());
    }

    @Override
    public void processElement1(
            PublishedLayer layer, Context context, Collector<ModelSnapshot> out) {
        LayerShape shape = setup.network().layers().get(layer.weights().layer());
        if (layer.weights().weights().cols() != shape.outputSize()) {
            throw new IllegalStateException(
                    "layer "
                            + shape.index()
                            + " sent "
                            + layer.weights().weights().cols()
                            + " of its "
                            + shape.outputSize()
                            + " columns: a split layer's shards write shard files instead");
        }
        int epoch = layer.weights().epoch();
        parts(epoch).layers.add(layer);
        emitIfComplete(epoch, layer.weights().version(), out);
    }

    @Override
    public void processElement2(WrittenShard shard, Context context, Collector<ModelSnapshot> out) {
        parts(shard.epoch()).shards.add(shard);
        emitIfComplete(shard.epoch(), shard.version(), out);
    }

    private void emitIfComplete(int epoch, long version, Collector<ModelSnapshot> out) {
        Parts parts = pending.get(epoch);
        if (parts.size() < expectedParts) {
            return;
        }
        pending.remove(epoch);
        TreeMap<Integer, PublishedLayer> whole = new TreeMap<>();
        parts.layers.forEach(layer -> whole.put(layer.weights().layer(), layer));
        TreeMap<Integer, List<WrittenShard>> split = new TreeMap<>();
        for (WrittenShard shard : parts.shards) {
            split.computeIfAbsent(shard.layer(), l -> new ArrayList<>()).add(shard);
        }
        List<LayerParameters> parameters = new ArrayList<>();
        List<LayerOptimizerState> optimizerState = new ArrayList<>();
        List<ShardFile> shardFiles = new ArrayList<>();
        for (LayerShape shape : setup.network().layers()) {
            PublishedLayer published = whole.get(shape.index());
            if (published != null) {
                WeightsVersion weights = published.weights();
                parameters.add(
                        ModelSnapshots.parameters(
                                weights.weights().rows(),
                                weights.weights().cols(),
                                weights.weights().data(),
                                weights.bias().data()));
                if (published.learner() != null) {
                    optimizerState.add(published.learner().optimizerState());
                }
                continue;
            }
            List<WrittenShard> shards = split.get(shape.index());
            shards.sort(Comparator.comparingInt(WrittenShard::shard));
            parameters.add(
                    ModelSnapshots.parameters(
                            shape.inputSize(), shape.outputSize(), new float[0], new float[0]));
            optimizerState.add(WrittenShard.optimizerState(shards));
            shards.forEach(shard -> shardFiles.add(shard.entry()));
        }
        ModelSnapshot snapshot =
                ModelSnapshots.of(setup, scaling, parameters, version, epoch, configFingerprint);
        if (optimizerState.size() == parameters.size()) {
            snapshot.setOptimizerState(optimizerState);
        }
        if (!shardFiles.isEmpty()) {
            snapshot.setShardFiles(shardFiles);
        }
        out.collect(snapshot);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<PublishedLayer> layers = new ArrayList<>();
        List<WrittenShard> shards = new ArrayList<>();
        for (Parts parts : pending.values()) {
            layers.addAll(parts.layers);
            shards.addAll(parts.shards);
        }
        pendingLayers.update(layers);
        pendingShards.update(shards);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        pendingLayers =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("pending-layers", PublishedLayer.class));
        pendingShards =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("pending-shards", WrittenShard.class));
        pending = new TreeMap<>();
        for (PublishedLayer layer : pendingLayers.get()) {
            parts(layer.weights().epoch()).layers.add(layer);
        }
        for (WrittenShard shard : pendingShards.get()) {
            parts(shard.epoch()).shards.add(shard);
        }
    }

    private Parts parts(int epoch) {
        return pending.computeIfAbsent(epoch, e -> new Parts());
    }

    /** What has arrived of one epoch's snapshot. */
    private static final class Parts {
        private final List<PublishedLayer> layers = new ArrayList<>();
        private final List<WrittenShard> shards = new ArrayList<>();

        int size() {
            return layers.size() + shards.size();
        }
    }
}
