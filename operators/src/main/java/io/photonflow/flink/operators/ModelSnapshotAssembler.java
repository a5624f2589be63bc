package io.photonflow.flink.operators;

import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.records.LearnerState;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.WeightsVersion;
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
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers the last weight version of an epoch (or online model version) from every layer, from each
 * shard of a layer split into column shards, and emits the model snapshot once all have arrived,
 * each layer's shards joined, with the optimizer state when every layer's update operators sent
 * their own. Run with parallelism 1.
 */
public final class ModelSnapshotAssembler extends ProcessFunction<PublishedLayer, ModelSnapshot>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final TrainingSetup setup;
    private final InputScaling scaling;
    private final String configFingerprint;

    /** The parts of a snapshot: one per shard of every layer (a whole layer is one shard). */
    private final int expectedParts;

    private transient TreeMap<Integer, List<PublishedLayer>> pending;
    private transient ListState<PublishedLayer> pendingState;

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
        int depth = setup.network().depth();
        int parts = 0;
        for (int l = 0; l < depth; l++) {
            parts += setup.sharding().shards(l, depth);
        }
        this.expectedParts = parts;
    }

    @Override
    public void processElement(
            PublishedLayer layer, Context context, Collector<ModelSnapshot> out) {
        List<PublishedLayer> parts = add(layer);
        if (parts.size() < expectedParts) {
            return;
        }
        pending.remove(layer.weights().epoch());
        List<PublishedLayer> layers = wholeLayers(parts);
        List<LayerParameters> parameters = new ArrayList<>();
        List<LayerOptimizerState> optimizerState = new ArrayList<>();
        for (PublishedLayer published : layers) {
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
        }
        ModelSnapshot snapshot =
                ModelSnapshots.of(
                        setup,
                        scaling,
                        parameters,
                        layer.weights().version(),
                        layer.weights().epoch(),
                        configFingerprint);
        if (optimizerState.size() == layers.size()) {
            snapshot.setOptimizerState(optimizerState);
        }
        out.collect(snapshot);
    }

    /** Each layer's part, input to output, its shards joined in shard order. */
    private static List<PublishedLayer> wholeLayers(List<PublishedLayer> published) {
        TreeMap<Integer, List<PublishedLayer>> byLayer = new TreeMap<>();
        for (PublishedLayer part : published) {
            byLayer.computeIfAbsent(part.weights().layer(), l -> new ArrayList<>()).add(part);
        }
        List<PublishedLayer> layers = new ArrayList<>();
        for (List<PublishedLayer> shards : byLayer.values()) {
            if (shards.size() == 1) {
                layers.add(shards.get(0));
                continue;
            }
            shards.sort(Comparator.comparingInt(PublishedLayer::shard));
            boolean learners = shards.stream().allMatch(shard -> shard.learner() != null);
            layers.add(
                    new PublishedLayer(
                            WeightsVersion.join(
                                    shards.stream().map(PublishedLayer::weights).toList()),
                            learners
                                    ? LearnerState.join(
                                            shards.stream().map(PublishedLayer::learner).toList())
                                    : null));
        }
        return layers;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<PublishedLayer> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        pendingState.update(all);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        pendingState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("pending-layers", PublishedLayer.class));
        pending = new TreeMap<>();
        for (PublishedLayer version : pendingState.get()) {
            add(version);
        }
    }

    private List<PublishedLayer> add(PublishedLayer layer) {
        List<PublishedLayer> layers =
                pending.computeIfAbsent(layer.weights().epoch(), epoch -> new ArrayList<>());
        layers.add(layer);
        return layers;
    }
}
