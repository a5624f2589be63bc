package io.photonflow.flink.operators;

import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.model.TrainingSetup;
import java.util.ArrayList;
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
 * Gathers the last weight version of an epoch (or online model version) from every layer and emits
 * the model snapshot once all layers have arrived, with the optimizer state when every layer's
 * update operator sent its own. Run with parallelism 1.
 */
public final class ModelSnapshotAssembler extends ProcessFunction<PublishedLayer, ModelSnapshot>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final TrainingSetup setup;
    private final InputScaling scaling;
    private final String configFingerprint;

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
    }

    @Override
    public void processElement(
            PublishedLayer layer, Context context, Collector<ModelSnapshot> out) {
        List<PublishedLayer> layers = add(layer);
        if (layers.size() < setup.network().depth()) {
            return;
        }
        pending.remove(layer.weights().epoch());
        layers.sort((a, b) -> Integer.compare(a.weights().layer(), b.weights().layer()));
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
