package io.photonflow.flink.operators;

import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
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
 * Gathers the last weight version of an epoch from every update operator and emits the epoch's
 * model snapshot once all layers have arrived. Run with parallelism 1.
 */
public final class ModelSnapshotAssembler extends ProcessFunction<WeightsVersion, ModelSnapshot>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final TrainingSetup setup;
    private final InputScaling scaling;
    private final String configFingerprint;

    private transient TreeMap<Integer, List<WeightsVersion>> pending;
    private transient ListState<WeightsVersion> pendingState;

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
            WeightsVersion version, Context context, Collector<ModelSnapshot> out) {
        List<WeightsVersion> layers = add(version);
        if (layers.size() < setup.network().depth()) {
            return;
        }
        pending.remove(version.epoch());
        layers.sort((a, b) -> Integer.compare(a.layer(), b.layer()));
        List<LayerParameters> parameters = new ArrayList<>();
        for (WeightsVersion layer : layers) {
            parameters.add(
                    ModelSnapshots.parameters(
                            layer.weights().rows(),
                            layer.weights().cols(),
                            layer.weights().data(),
                            layer.bias().data()));
        }
        out.collect(
                ModelSnapshots.of(
                        setup,
                        scaling,
                        parameters,
                        version.version(),
                        version.epoch(),
                        configFingerprint));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<WeightsVersion> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        pendingState.update(all);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        pendingState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("pending-layers", WeightsVersion.class));
        pending = new TreeMap<>();
        for (WeightsVersion version : pendingState.get()) {
            add(version);
        }
    }

    private List<WeightsVersion> add(WeightsVersion version) {
        List<WeightsVersion> layers =
                pending.computeIfAbsent(version.epoch(), epoch -> new ArrayList<>());
        layers.add(version);
        return layers;
    }
}
