package io.photonflow.flink.operators;

import io.photonflow.flink.loop.LoopHead;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.ForwardResult;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.Workspaces;
import io.photonflow.model.NetworkSpec.LayerShape;
import io.photonflow.model.Phase;
import io.photonflow.model.TrainingSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.TreeMap;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.YieldingOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Layer_l: the forward pass of one layer, and the head of the feedback loop from Update_l.
 *
 * <p>It keeps the weight versions it has been sent and still needs. A training minibatch of step k
 * is computed with exactly version k-1-s (s = staleness); a test minibatch with the version of
 * the step it evaluates. When that version has not arrived yet, the operator processes mail until
 * it has, which holds back its input and so bounds the work in flight. It emits each layer's
 * output downstream and, for training, the update context (input and f'(a)) to Update_l.
 */
public final class LayerOperator extends AbstractStreamOperator<ForwardBatch>
        implements OneInputStreamOperator<ForwardBatch, ForwardBatch>,
                YieldingOperator<ForwardBatch> {

    private static final long serialVersionUID = 1L;

    private final LayerShape shape;
    private final LayerFactory layers;
    private final boolean classifier;
    private final TrainingSpec schedule;
    private final long initSeed;
    private final String loopId;
    private final Duration feedbackTimeout;
    private final OutputTag<LayerContext> contextTag;

    private transient MailboxExecutor mailboxExecutor;
    private transient Layer layer;
    private transient TreeMap<Long, WeightsVersion> versions;
    private transient ListState<WeightsVersion> versionsState;
    private transient LoopHead<WeightsVersion> loop;
    private transient long cachedVersion;
    private transient LayerWeights cachedWeights;
    private transient String workspace;

    /**
     * @param shape the layer
     * @param layers makes the layer of {@code shape} where the operator runs
     * @param classifier whether it is the last layer (no f'(a) needed)
     * @param schedule batch schedule, for the staleness rule
     * @param initSeed seed of the initial weights (shared with Update_l)
     * @param loopId the feedback loop's id (shared with Update_l's tail)
     * @param feedbackTimeout longest wait for a weight version or a checkpoint sentinel
     * @param contextTag side output carrying update contexts to Update_l
     */
    public LayerOperator(
            LayerShape shape,
            LayerFactory layers,
            boolean classifier,
            TrainingSpec schedule,
            long initSeed,
            String loopId,
            Duration feedbackTimeout,
            OutputTag<LayerContext> contextTag) {
        this.shape = shape;
        this.layers = layers;
        this.classifier = classifier;
        this.schedule = schedule;
        this.initSeed = initSeed;
        this.loopId = loopId;
        this.feedbackTimeout = feedbackTimeout;
        this.contextTag = contextTag;
    }

    @Override
    public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
        this.mailboxExecutor = mailboxExecutor;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        layer = Workspaces.detached(() -> layers.create(shape));
        versions = new TreeMap<>();
        cachedWeights = LayerWeights.detachedZeros(shape);
        workspace = "layer-" + shape.index();
        cachedVersion = -1;
        TypeSerializer<WeightsVersion> serializer =
                TypeInformation.of(WeightsVersion.class)
                        .createSerializer(getExecutionConfig().getSerializerConfig());
        versionsState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("weight-versions", serializer));
        for (WeightsVersion version : versionsState.get()) {
            versions.put(version.version(), version);
        }
        if (!context.isRestored()) {
            LayerWeights initial = LayerWeights.initial(shape, initSeed);
            versions.put(0L, WeightsVersion.of(shape.index(), 0, 0, false, initial));
        }
        MetricGroup metrics = getMetricGroup().addGroup(Metrics.GROUP);
        metrics.gauge(Metrics.WEIGHTS_VERSION, () -> cachedVersion);
        loop = new LoopHead<>(loopId, feedbackTimeout, this::onWeights);
        int replayed =
                loop.initialize(
                        getRuntimeContext(),
                        mailboxExecutor,
                        context.getOperatorStateStore(),
                        serializer);
        metrics.counter(Metrics.FEEDBACK_REPLAYED).inc(replayed);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        versionsState.update(new ArrayList<>(versions.values()));
        loop.snapshot(context.getCheckpointId());
    }

    @Override
    public void processElement(StreamRecord<ForwardBatch> element) throws Exception {
        ForwardBatch batch = element.getValue();
        boolean training = batch.phase() == Phase.TRAIN;
        long required = training ? schedule.requiredVersion(batch.step()) : batch.step();
        loop.awaitUntil(
                () -> versions.containsKey(required), "weights version " + required);
        Forward forward = forward(batch, weights(required), training);
        output.collect(element.replace(batch.withValues(forward.output())));
        if (training) {
            output.collect(
                    contextTag,
                    new StreamRecord<>(
                            new LayerContext(
                                    batch.step(),
                                    batch.epoch(),
                                    batch.lastOfEpoch(),
                                    batch.values(),
                                    forward.derivative())));
            versions.headMap(schedule.requiredVersion(batch.step() + 1)).clear();
        }
    }

    @Override
    public void close() throws Exception {
        if (loop != null) {
            loop.close();
        }
        super.close();
    }

    private void onWeights(WeightsVersion version) {
        versions.put(version.version(), version);
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

    private LayerWeights weights(long version) {
        if (version != cachedVersion) {
            versions.get(version).copyInto(cachedWeights);
            cachedVersion = version;
        }
        return cachedWeights;
    }

    /** A forward pass's results, out of the workspace. */
    private record Forward(FloatMatrix output, FloatMatrix derivative) {}
}
