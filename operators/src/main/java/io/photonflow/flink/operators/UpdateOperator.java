package io.photonflow.flink.operators;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.LearnerState;
import io.photonflow.flink.records.Signal;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerLearner;
import io.photonflow.math.Workspaces;
import io.photonflow.model.NetworkSpec.LayerShape;
import io.photonflow.model.OptimizerSpec;
import java.io.Serializable;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Update_l: owns layer l's authoritative weights and optimizer state. Joins each training step's
 * update context (from Layer_l) with its learning signal (from the projection, the error, or under
 * BP from Update_{l+1}), takes one optimizer step, and publishes the new weight version to the
 * feedback loop. Under BP it also passes delta W^T down to Update_{l-1}; under DFA with alignment
 * probing it measures, on sampled steps, how its update aligns with backprop's.
 *
 * <p>Steps are applied strictly in order; contexts and signals that arrive early wait in state.
 */
public final class UpdateOperator extends CoProcessFunction<LayerContext, Signal, WeightsVersion>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final LayerShape shape;
    private final LayerFactory layers;
    private final boolean classifier;
    private final OptimizerSpec optimizer;
    private final long totalSteps;
    private final long initSeed;
    private final OutputTag<Signal> backpropagationTag;
    private final OutputTag<WeightsVersion> epochEndTag;
    private final Probing probing;

    private transient LayerLearner learner;
    private transient String workspace;
    private transient TreeMap<Long, LayerContext> contexts;
    private transient TreeMap<Long, Signal> signals;
    private transient AlignmentProbes probes;
    private transient ListState<LearnerState> learnerState;
    private transient ListState<LayerContext> contextState;
    private transient ListState<Signal> signalState;

    /**
     * @param shape the layer
     * @param layers makes the layer of {@code shape} where the operator runs
     * @param classifier whether it is the last layer
     * @param optimizer optimizer settings
     * @param totalSteps training steps of the run, for the learning-rate schedule (0: unknown)
     * @param initSeed seed of the initial weights (shared with Layer_l)
     * @param backpropagationTag where to send delta W^T under BP, or null under DFA
     * @param epochEndTag side output for the last weight version of every epoch
     * @param probing alignment probing under DFA, or null
     */
    public UpdateOperator(
            LayerShape shape,
            LayerFactory layers,
            boolean classifier,
            OptimizerSpec optimizer,
            long totalSteps,
            long initSeed,
            OutputTag<Signal> backpropagationTag,
            OutputTag<WeightsVersion> epochEndTag,
            Probing probing) {
        if (backpropagationTag != null && probing != null) {
            throw new IllegalArgumentException("alignment probing is for DFA; BP is aligned");
        }
        this.shape = shape;
        this.layers = layers;
        this.classifier = classifier;
        this.optimizer = optimizer;
        this.totalSteps = totalSteps;
        this.initSeed = initSeed;
        this.backpropagationTag = backpropagationTag;
        this.epochEndTag = epochEndTag;
        this.probing = probing;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        learnerState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("learner", LearnerState.class));
        contextState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("pending-contexts", LayerContext.class));
        signalState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("pending-signals", Signal.class));
        Layer layer = Workspaces.detached(() -> layers.create(shape));
        workspace = "update-" + shape.index();
        learner = LayerLearner.initial(layer, optimizer, totalSteps, initSeed);
        for (LearnerState restored : learnerState.get()) {
            learner = restored.toLearner(layer, optimizer, totalSteps);
        }
        contexts = new TreeMap<>();
        for (LayerContext pending : contextState.get()) {
            contexts.put(pending.step(), pending);
        }
        signals = new TreeMap<>();
        for (Signal pending : signalState.get()) {
            signals.put(pending.step(), pending);
        }
        if (probing != null && !classifier) {
            probes = new AlignmentProbes(layer);
            probes.initializeState(context.getOperatorStateStore());
        }
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        group.gauge(Metrics.WEIGHTS_VERSION, () -> learner.version());
        group.gauge(Metrics.SKIPPED_UPDATES, () -> learner.skippedUpdates());
        if (probes != null) {
            group.gauge(Metrics.ALIGNMENT_ANGLE, probes::lastAngle);
        }
    }

    @Override
    public void processElement1(LayerContext context, Context ctx, Collector<WeightsVersion> out) {
        contexts.put(context.step(), context);
        learnWhileReady(ctx, out);
    }

    @Override
    public void processElement2(Signal signal, Context ctx, Collector<WeightsVersion> out) {
        if (signal.probe()) {
            probes.probe(signal, result -> emit(result, ctx));
            return;
        }
        signals.put(signal.step(), signal);
        learnWhileReady(ctx, out);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        learnerState.update(List.of(LearnerState.of(learner)));
        contextState.update(List.copyOf(contexts.values()));
        signalState.update(List.copyOf(signals.values()));
        if (probes != null) {
            probes.snapshotState();
        }
    }

    private void learnWhileReady(Context ctx, Collector<WeightsVersion> out) {
        long next = learner.version() + 1;
        while (contexts.containsKey(next) && signals.containsKey(next)) {
            LayerContext context = contexts.remove(next);
            Signal signal = signals.remove(next);
            boolean sampled = probing != null && next % probing.every() == 0;
            FloatMatrix weightsBefore =
                    sampled && !classifier ? FloatMatrix.of(learner.weights().weights()) : null;
            FloatMatrix downstream =
                    learn(context, signal, backpropagationTag != null || (sampled && classifier));
            if (backpropagationTag != null) {
                ctx.output(backpropagationTag, new Signal(next, downstream));
            } else if (sampled && classifier) {
                ctx.output(probing.down(), new Signal(next, downstream, true));
            } else if (sampled) {
                probes.sample(context, signal, weightsBefore, result -> emit(result, ctx));
            }
            WeightsVersion version =
                    WeightsVersion.of(
                            shape.index(),
                            learner.version(),
                            context.epoch(),
                            context.lastOfEpoch(),
                            learner.weights());
            out.collect(version);
            if (context.lastOfEpoch()) {
                ctx.output(epochEndTag, version);
            }
            next = learner.version() + 1;
        }
    }

    /** One optimizer step; returns delta W^T (pre-step weights) when asked for, else null. */
    private FloatMatrix learn(LayerContext context, Signal signal, boolean backpropagate) {
        return Workspaces.step(
                workspace,
                () -> {
                    LayerLearner.Outcome outcome =
                            learner.learn(
                                    context.input().toLayerInput(),
                                    context.derivative() == null
                                            ? null
                                            : context.derivative().toMatrix(),
                                    signal.values().toMatrix(),
                                    backpropagate);
                    return backpropagate ? FloatMatrix.of(outcome.backpropagated()) : null;
                });
    }

    private void emit(AlignmentProbes.Result result, Context ctx) {
        ctx.output(probing.measurements(), result.measurement());
        if (shape.index() > 0) {
            ctx.output(probing.down(), result.downstream());
        }
    }

    /**
     * Alignment probing of a DFA network.
     *
     * @param every measure every this many steps
     * @param down where probes for the layer below go (unused by the first layer)
     * @param measurements where measurements go
     */
    public record Probing(
            long every, OutputTag<Signal> down, OutputTag<AlignmentMeasurement> measurements)
            implements Serializable {}
}
