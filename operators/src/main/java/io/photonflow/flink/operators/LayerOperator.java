package io.photonflow.flink.operators;

import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.ForwardResult;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NativeThreads;
import io.photonflow.math.Sharding;
import io.photonflow.math.StartingPoint;
import io.photonflow.math.Workspaces;
import io.photonflow.model.Phase;
import io.photonflow.model.TrainingSpec;
import io.photonflow.online.PredictionVersions;
import java.util.ArrayList;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Layer_l: the forward pass of one layer, behind the head of the feedback loop from Update_l.
 *
 * <p>Its input carries weight versions (Left) and minibatches (Right). It keeps the versions it
 * still needs. A training minibatch of step k is computed with exactly version k-1-s (s =
 * staleness), a test minibatch with the version of the step it evaluates ({@link #versionNeeded});
 * the loop head passes a minibatch only once that version has arrived, so the layer never waits. It
 * emits each layer's output downstream and, for training, the update context (input and f'(a)) to
 * Update_l. On a stream it also keeps the versions its predictions will use ({@link
 * PredictionVersions}), and predicts with weights of their own, so that training and predictions
 * with different versions do not copy weights back and forth.
 *
 * <p>A layer split into column shards runs one subtask per shard: subtask j computes block j of the
 * layer's output from whole input rows, which it joins from the blocks of the layer below ({@link
 * BlockJoin}) where that layer is split too.
 */
public final class LayerOperator
        extends ProcessFunction<Either<WeightsVersion, ForwardBatch>, ForwardBatch>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final LayerShape shape;
    private final LayerFactory layers;
    private final boolean classifier;
    private final TrainingSpec schedule;
    private final long stepsPerEpoch;
    private final StartingPoint initial;
    private final PredictionVersions predictions;
    private final OutputTag<LayerContext> contextTag;
    private final OutputTag<PublishedLayer> publishedTag;
    private final int blasThreads;
    private final int shards;
    private final int inputShards;

    private transient int shard;
    private transient LayerShape shardShape;
    private transient BlockJoin join;
    private transient Layer layer;
    private transient TreeMap<Long, WeightsVersion> versions;
    private transient ListState<WeightsVersion> versionsState;
    private transient boolean restored;
    private transient WeightsCache trainingWeights;
    private transient WeightsCache predictionWeights;
    private transient String workspace;

    /**
     * @param shape the layer
     * @param layers makes the layer of {@code shape} where the operator runs
     * @param classifier whether it is the last layer (no f'(a) needed)
     * @param schedule batch schedule, for the staleness rule
     * @param stepsPerEpoch training steps per epoch, for the staleness rule (0 for a stream)
     * @param initial the weights at version 0 (the same as Update_l's)
     * @param predictions the versions a stream's predictions use
     * @param contextTag side output carrying update contexts to Update_l
     * @param publishedTag side output for the weights a {@link Phase#PUBLISH} minibatch names
     * @param blasThreads threads each BLAS call may use in the TaskManager that runs the layer
     * @param shards the layer's column shards: its parallelism, each subtask one shard
     * @param inputShards the shards of the layer below, whose blocks make this layer's input (1 for
     *     the first layer)
     */
    public LayerOperator(
            LayerShape shape,
            LayerFactory layers,
            boolean classifier,
            TrainingSpec schedule,
            long stepsPerEpoch,
            StartingPoint initial,
            PredictionVersions predictions,
            OutputTag<LayerContext> contextTag,
            OutputTag<PublishedLayer> publishedTag,
            int blasThreads,
            int shards,
            int inputShards) {
        this.shape = shape;
        this.layers = layers;
        this.classifier = classifier;
        this.schedule = schedule;
        this.stepsPerEpoch = stepsPerEpoch;
        this.initial = initial;
        this.predictions = predictions;
        this.contextTag = contextTag;
        this.publishedTag = publishedTag;
        this.blasThreads = blasThreads;
        this.shards = shards;
        this.inputShards = inputShards;
    }

    /** The weight version the forward pass of {@code batch} needs, under {@code schedule}. */
    public static long versionNeeded(
            TrainingSpec schedule, long stepsPerEpoch, ForwardBatch batch) {
        return batch.phase() == Phase.TRAIN
                ? schedule.requiredVersion(batch.step(), stepsPerEpoch)
                : batch.step();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        versionsState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "weight-versions",
                                        TypeInformation.of(WeightsVersion.class)));
        versions = new TreeMap<>();
        for (WeightsVersion version : versionsState.get()) {
            versions.put(version.version(), version);
        }
        restored = context.isRestored();
        shard = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        shardShape = Sharding.shape(shape, shards, shard);
        join = new BlockJoin(inputShards);
        join.initializeState(context.getOperatorStateStore(), "input-blocks");
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        NativeThreads.configure(blasThreads);
        layer = Workspaces.detached(() -> layers.create(shardShape));
        trainingWeights = new WeightsCache();
        predictionWeights = new WeightsCache();
        workspace = "layer-" + shape.index();
        if (!restored) {
            versions.put(
                    initial.step(),
                    WeightsVersion.of(
                            shape.index(),
                            initial.step(),
                            0,
                            false,
                            initial.shard(shape, shards, shard).of(shardShape)));
        }
        getRuntimeContext()
                .getMetricGroup()
                .addGroup(Metrics.GROUP)
                .gauge(Metrics.WEIGHTS_VERSION, (Gauge<Long>) () -> trainingWeights.version);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        versionsState.update(new ArrayList<>(versions.values()));
        join.snapshotState();
    }

    @Override
    public void processElement(
            Either<WeightsVersion, ForwardBatch> element,
            Context ctx,
            Collector<ForwardBatch> out) {
        if (element.isLeft()) {
            WeightsVersion version = element.left();
            versions.put(version.version(), version);
            return;
        }
        ForwardBatch batch = join.add(element.right());
        if (batch == null) {
            return;
        }
        if (batch.phase() == Phase.PUBLISH) {
            ctx.output(
                    publishedTag,
                    new PublishedLayer(
                            WeightsVersion.of(
                                    shape.index(),
                                    batch.step(),
                                    batch.epoch(),
                                    true,
                                    trainingWeights.of(batch.step(), batch)),
                            null));
            out.collect(batch.withValues(batch.values(), shard));
            return;
        }
        boolean training = batch.phase() == Phase.TRAIN;
        WeightsCache cache = batch.phase() == Phase.PREDICT ? predictionWeights : trainingWeights;
        Forward forward =
                forward(
                        batch,
                        cache.of(versionNeeded(schedule, stepsPerEpoch, batch), batch),
                        training);
        out.collect(batch.withValues(forward.output(), shard));
        if (training) {
            ctx.output(
                    contextTag,
                    new LayerContext(
                            batch.step(),
                            batch.epoch(),
                            batch.lastOfEpoch(),
                            batch.values(),
                            forward.derivative()));
            forgetVersionsBefore(batch.step());
        }
    }

    /** Drops the versions no minibatch after training step {@code step} can need. */
    private void forgetVersionsBefore(long step) {
        if (stepsPerEpoch > 0) {
            versions.headMap(schedule.requiredVersion(step + 1, stepsPerEpoch)).clear();
            return;
        }
        long training = schedule.requiredVersion(step, 0);
        versions.headMap(training).keySet().removeIf(v -> !predictions.keeps(v, step));
    }

    /** The classifier's update needs no f'(a): its delta is the output error itself. */
    private Forward forward(ForwardBatch batch, LayerWeights weights, boolean training) {
        return Workspaces.step(
                workspace,
                () -> {
                    ForwardResult result =
                            layer.forward(
                                    batch.values().toLayerInput(),
                                    weights.weights(),
                                    weights.bias(),
                                    training,
                                    batch.step());
                    return new Forward(
                            FloatMatrix.of(result.output()),
                            training && !classifier ? FloatMatrix.of(result.derivative()) : null);
                });
    }

    /**
     * The off-heap copy of one weight version, made again only when a minibatch needs another one;
     * training (and evaluation) and predictions have one each.
     */
    private final class WeightsCache {

        private long version = -1;
        private LayerWeights weights;

        LayerWeights of(long wanted, ForwardBatch batch) {
            if (wanted != version) {
                WeightsVersion held = versions.get(wanted);
                if (held == null) {
                    throw new IllegalStateException(
                            String.format(
                                    "layer %d: weights version %d for %s step %d are not there"
                                            + " (held: %s); the loop head passes a minibatch only"
                                            + " after its version",
                                    shape.index(),
                                    wanted,
                                    batch.phase(),
                                    batch.step(),
                                    versions.keySet()));
                }
                if (weights == null) {
                    weights = LayerWeights.detachedZeros(shardShape);
                }
                held.copyInto(weights);
                version = wanted;
            }
            return weights;
        }
    }

    /** A forward pass's results, out of the workspace. */
    private record Forward(FloatMatrix output, FloatMatrix derivative) {}
}
