package io.photonflow.flink.operators;

import io.photonflow.data.ShardFiles;
import io.photonflow.flink.failures.FailFast;
import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.LearnerState;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.Signal;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.records.WrittenShard;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerLearner;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LearningRule;
import io.photonflow.math.NativeThreads;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.Sharding;
import io.photonflow.math.StartingPoint;
import io.photonflow.math.Workspaces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
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
 * update context (from Layer_l) with its learning signal, whichever edge the {@link LearningRule}
 * routes it over (the output error, the projection, or the update above), takes one optimizer step,
 * and publishes the new weight version to the feedback loop. Where the rule says so it passes delta
 * W^T down to the update below; under {@link AlignmentProbing} it measures, on sampled steps, how
 * its update aligns with backprop's.
 *
 * <p>Steps are applied strictly in order; contexts and signals that arrive early wait in state. A
 * layer split into column shards runs one subtask per shard, which owns the shard's block of the
 * weights and optimizer state and learns from the shard's block of the signal.
 */
public final class UpdateOperator extends CoProcessFunction<LayerContext, Signal, WeightsVersion>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final LayerShape shape;
    private final LayerFactory layers;
    private final LearningRule rule;
    private final OptimizerSpec optimizer;
    private final long totalSteps;
    private final StartingPoint initial;
    private final int blasThreads;
    private final OutputTag<Signal> downTag;
    private final EpochEnds epochEnds;
    private final AlignmentProbing probing;
    private final int shards;
    private final int shardsAbove;
    private final int shardsBelow;

    private transient int shard;
    private transient TreeMap<Long, List<Signal>> parts;
    private transient ListState<Signal> partState;
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
     * @param rule the learning rule of the network
     * @param optimizer optimizer settings
     * @param totalSteps training steps of the run, for the learning-rate schedule (0: unknown)
     * @param initial the weights at version 0 (the same as Layer_l's)
     * @param blasThreads native threads per ND4J call in this operator's process
     * @param downTag where signals and probes for the layer below go (null for the first layer)
     * @param epochEnds where the layer's part of every epoch's model snapshot goes
     * @param probing alignment probing
     * @param shards the layer's column shards: its parallelism, each subtask one shard
     * @param shardsAbove under BP, the shards of the layer above, whose parts of delta W^T this
     *     update adds up into its signal (1 where the signal comes whole)
     * @param shardsBelow under BP, the shards of the layer below, each sent its block of this
     *     update's delta W^T (1 where that layer is whole)
     */
    public UpdateOperator(
            LayerShape shape,
            LayerFactory layers,
            LearningRule rule,
            OptimizerSpec optimizer,
            long totalSteps,
            StartingPoint initial,
            int blasThreads,
            OutputTag<Signal> downTag,
            EpochEnds epochEnds,
            AlignmentProbing probing,
            int shards,
            int shardsAbove,
            int shardsBelow) {
        if (shape.index() > 0 && downTag == null) {
            throw new IllegalArgumentException("layer " + shape.index() + " needs a down tag");
        }
        this.shape = shape;
        this.layers = layers;
        this.rule = rule;
        this.optimizer = optimizer;
        this.totalSteps = totalSteps;
        this.initial = initial;
        this.blasThreads = blasThreads;
        this.downTag = downTag;
        this.epochEnds = epochEnds;
        this.probing = probing;
        this.shards = shards;
        this.shardsAbove = shardsAbove;
        this.shardsBelow = shardsBelow;
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
        shard = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        LayerShape shardShape = Sharding.shape(shape, shards, shard);
        Layer layer = Workspaces.detached(() -> layers.create(shardShape));
        workspace = "update-" + shape.index();
        learner = initial.shard(shape, shards, shard).learner(layer, optimizer, totalSteps);
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
        partState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("pending-parts", Signal.class));
        parts = new TreeMap<>();
        for (Signal part : partState.get()) {
            parts.computeIfAbsent(part.step(), step -> new ArrayList<>()).add(part);
        }
        if (probing.enabled(rule) && rule.source(shape.index()) == LearningRule.Source.PROJECTION) {
            probes = new AlignmentProbes(layer);
            probes.initializeState(context.getOperatorStateStore());
        }
    }

    @Override
    public void open(OpenContext openContext) {
        NativeThreads.configure(blasThreads);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        group.gauge(Metrics.WEIGHTS_VERSION, () -> learner.version());
        group.gauge(Metrics.SKIPPED_UPDATES, () -> learner.skippedUpdates());
        if (probes != null) {
            group.gauge(Metrics.ALIGNMENT_ANGLE, probes::lastAngle);
        }
    }

    @Override
    public void processElement1(LayerContext context, Context ctx, Collector<WeightsVersion> out)
            throws IOException {
        contexts.put(context.step(), context);
        learnWhileReady(ctx, out);
    }

    @Override
    public void processElement2(Signal signal, Context ctx, Collector<WeightsVersion> out)
            throws IOException {
        if (signal.probe()) {
            probes.probe(signal, result -> emit(result, ctx));
            return;
        }
        Signal whole = shardsAbove == 1 ? signal : addUp(signal);
        if (whole == null) {
            return;
        }
        signals.put(whole.step(), whole);
        learnWhileReady(ctx, out);
    }

    /**
     * The step's signal once every shard of the layer above has sent its part: the parts added up
     * in shard order, as {@link LearningRule#backward} adds them; null until then.
     */
    private Signal addUp(Signal part) {
        List<Signal> step = parts.computeIfAbsent(part.step(), s -> new ArrayList<>());
        step.add(part);
        if (step.size() < shardsAbove) {
            return null;
        }
        parts.remove(part.step());
        step.sort(Comparator.comparingInt(Signal::shard));
        return step.get(0)
                .part(FloatMatrix.sum(step.stream().map(Signal::values).toList()), 0, shard);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        learnerState.update(List.of(LearnerState.of(learner)));
        contextState.update(List.copyOf(contexts.values()));
        signalState.update(List.copyOf(signals.values()));
        List<Signal> waiting = new ArrayList<>();
        parts.values().forEach(waiting::addAll);
        partState.update(waiting);
        if (probes != null) {
            probes.snapshotState();
        }
    }

    private void learnWhileReady(Context ctx, Collector<WeightsVersion> out) throws IOException {
        int index = shape.index();
        long next = learner.version() + 1;
        while (contexts.containsKey(next) && signals.containsKey(next)) {
            LayerContext context = contexts.remove(next);
            Signal signal = signals.remove(next);
            boolean passesSignal = rule.passesSignalDown(index);
            boolean startsProbe = probing.starts(rule, index, next);
            FloatMatrix weightsBefore =
                    probing.measures(rule, index, next)
                            ? FloatMatrix.of(learner.weights().weights())
                            : null;
            long step = next;
            learn(
                    context,
                    signal,
                    passesSignal || startsProbe
                            ? downstream -> {
                                if (passesSignal) {
                                    passDown(signal, downstream, ctx);
                                } else {
                                    ctx.output(downTag, new Signal(step, downstream, true));
                                }
                            }
                            : null);
            if (weightsBefore != null) {
                probes.sample(context, signal, weightsBefore, result -> emit(result, ctx));
            }
            WeightsVersion version =
                    WeightsVersion.of(
                            index,
                            learner.version(),
                            context.epoch(),
                            context.lastOfEpoch(),
                            learner.weights());
            out.collect(version);
            if (context.lastOfEpoch()) {
                endEpoch(version, ctx);
            }
            next = learner.version() + 1;
        }
    }

    /**
     * Sends the layer's part of the epoch's model snapshot: a whole layer its weights and learner
     * state; a shard writes them to its shard file (streamed from the learner's own arrays, so that
     * no copy of them is made) and sends where it wrote them.
     */
    private void endEpoch(WeightsVersion version, Context ctx) throws IOException {
        if (shards == 1) {
            ctx.output(epochEnds.layers(), new PublishedLayer(version, LearnerState.of(learner)));
            return;
        }
        LearningRule.Block block = Sharding.block(shape.outputSize(), shards, shard);
        WrittenShard written =
                new WrittenShard(
                        shape.index(),
                        shard,
                        block.from(),
                        block.to(),
                        learner.version(),
                        version.epoch(),
                        ShardFiles.name(version.epoch(), shape.index(), shard),
                        learner.skippedUpdates(),
                        learner.weightsState().steps(),
                        learner.weightsState().slots().size(),
                        learner.biasState().steps(),
                        learner.biasState().slots().size());
        FailFast.run(
                () ->
                        ShardFiles.write(
                                Path.of(epochEnds.folder()),
                                written.entry(),
                                written.version(),
                                written.epoch(),
                                learner.weights(),
                                learner.weightsState().slots(),
                                learner.biasState().slots()));
        ctx.output(epochEnds.shards(), written);
    }

    /**
     * Sends this shard's delta W^T down: whole to a layer in one piece, else each shard of the
     * layer below its block of columns.
     */
    private void passDown(Signal signal, FloatMatrix downstream, Context ctx) {
        if (shardsBelow == 1) {
            ctx.output(downTag, signal.part(downstream, shard, 0));
            return;
        }
        for (int target = 0; target < shardsBelow; target++) {
            LearningRule.Block block = Sharding.block(downstream.cols(), shardsBelow, target);
            ctx.output(
                    downTag,
                    signal.part(downstream.columns(block.from(), block.to()), shard, target));
        }
    }

    /**
     * One optimizer step; delta W^T (pre-step weights) goes to {@code downstream}, when given, as
     * soon as it is computed, so the layer below starts while this one computes its gradients.
     */
    private void learn(LayerContext context, Signal signal, Consumer<FloatMatrix> downstream) {
        if (signal.resetOptimizer()) {
            learner.resetOptimizerState();
        }
        Workspaces.step(
                workspace,
                () -> {
                    learner.learn(
                            context.input().toLayerInput(),
                            context.derivative() == null ? null : context.derivative().toMatrix(),
                            signal.values().toMatrix(),
                            downstream == null
                                    ? null
                                    : values -> downstream.accept(FloatMatrix.of(values)),
                            signal.learningRateMultiplier());
                });
    }

    private void emit(AlignmentProbes.Result result, Context ctx) {
        ctx.output(probing.measurements(), result.measurement());
        if (shape.index() > 0) {
            ctx.output(downTag, result.downstream());
        }
    }
}
