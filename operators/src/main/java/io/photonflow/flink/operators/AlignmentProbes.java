package io.photonflow.flink.operators;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.Signal;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.AlignmentProbe;
import io.photonflow.math.Layer;
import io.photonflow.math.Workspaces;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;

/**
 * The alignment diagnostic inside a hidden layer's update operator. On sampled steps the update
 * keeps what the measurement needs (update context, DFA signal, weights before the step); the probe
 * (backprop's signal for the same step) comes down from the layer above, possibly earlier or later.
 * When both are there, it measures the angle and sends the probe on down.
 */
final class AlignmentProbes {

    private final Layer layer;
    private final TreeMap<Long, Sample> samples = new TreeMap<>();
    private final TreeMap<Long, Signal> probes = new TreeMap<>();
    private ListState<Sample> sampleState;
    private ListState<Signal> probeState;
    private volatile double lastAngle = Double.NaN;

    AlignmentProbes(Layer layer) {
        this.layer = layer;
    }

    void initializeState(OperatorStateStore store) throws Exception {
        sampleState =
                store.getListState(new ListStateDescriptor<>("alignment-samples", Sample.class));
        probeState =
                store.getListState(new ListStateDescriptor<>("alignment-probes", Signal.class));
        for (Sample sample : sampleState.get()) {
            samples.put(sample.context().step(), sample);
        }
        for (Signal probe : probeState.get()) {
            probes.put(probe.step(), probe);
        }
    }

    void snapshotState() throws Exception {
        sampleState.update(List.copyOf(samples.values()));
        probeState.update(List.copyOf(probes.values()));
    }

    /** The angle of the latest measurement, in degrees (NaN before the first). */
    double lastAngle() {
        return lastAngle;
    }

    /** Keeps a sampled step's inputs, taken before the step's update. */
    void sample(
            LayerContext context,
            Signal dfaSignal,
            FloatMatrix weightsBefore,
            Consumer<Result> results) {
        samples.put(context.step(), new Sample(context, dfaSignal.values(), weightsBefore));
        measureIfReady(context.step(), results);
    }

    /** Takes the probe of a step from the layer above. */
    void probe(Signal probe, Consumer<Result> results) {
        probes.put(probe.step(), probe);
        measureIfReady(probe.step(), results);
    }

    private void measureIfReady(long step, Consumer<Result> results) {
        if (!samples.containsKey(step) || !probes.containsKey(step)) {
            return;
        }
        Sample sample = samples.remove(step);
        Signal probe = probes.remove(step);
        LayerContext context = sample.context();
        Result result =
                Workspaces.step(
                        "alignment-" + layer.shape().index(),
                        () -> {
                            AlignmentProbe.Measurement measurement =
                                    AlignmentProbe.measure(
                                            layer,
                                            step,
                                            context.input().toLayerInput(),
                                            context.derivative().toMatrix(),
                                            sample.dfaSignal().toMatrix(),
                                            probe.values().toMatrix(),
                                            sample.weightsBefore().toMatrix());
                            return new Result(
                                    AlignmentMeasurement.newBuilder()
                                            .setStep(step)
                                            .setEpoch(context.epoch())
                                            .setLayer(layer.shape().index())
                                            .setAngleDegrees(measurement.angleDegrees())
                                            .build(),
                                    new Signal(
                                            step, FloatMatrix.of(measurement.downstream()), true));
                        });
        lastAngle = result.measurement().getAngleDegrees();
        results.accept(result);
    }

    /**
     * What a sampled step leaves for the measurement.
     *
     * @param context the step's update context
     * @param dfaSignal the step's DFA signal
     * @param weightsBefore W before the step's update
     */
    public record Sample(LayerContext context, FloatMatrix dfaSignal, FloatMatrix weightsBefore) {}

    /**
     * A measurement, and backprop's signal for the layer below.
     *
     * @param measurement the angle
     * @param downstream the probe for the layer below
     */
    record Result(AlignmentMeasurement measurement, Signal downstream) {}
}
