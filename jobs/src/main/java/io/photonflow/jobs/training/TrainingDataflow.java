package io.photonflow.jobs.training;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.Prediction;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.flink.loop.FeedbackLoop;
import io.photonflow.flink.operators.AlignmentProbing;
import io.photonflow.flink.operators.BlockProjectionOperator;
import io.photonflow.flink.operators.EpochEnds;
import io.photonflow.flink.operators.ErrorOperator;
import io.photonflow.flink.operators.InjectedFailure;
import io.photonflow.flink.operators.LayerOperator;
import io.photonflow.flink.operators.ModelSnapshotAssembler;
import io.photonflow.flink.operators.ProjectionOperator;
import io.photonflow.flink.operators.UpdateOperator;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.Signal;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.records.WrittenShard;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.config.RuntimeSpec;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LearningRule;
import io.photonflow.math.StartingPoint;
import io.photonflow.math.projection.Projections;
import io.photonflow.model.Phase;
import io.photonflow.model.TrainingSpec;
import io.photonflow.online.PredictionVersions;
import io.photonflow.training.NetworkLayers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * Assembles the training dataflow of ARCHITECTURE.md from a job configuration and a {@link
 * MinibatchSource} (files replayed on a schedule, or a stream):
 *
 * <pre>
 * source → minibatches → Layer_1 → … → Layer_L → Error → Projection ─┬→ Update_1 ─┐
 *                             └── update context ──────────────────────┴→ Update_l ─┴→ Layer_l
 * </pre>
 *
 * The {@link LearningRule} decides each update's input edge: under BP the updates form a chain
 * (Error → Update_L → … → Update_1) instead of the fan-out. The caller decides where the returned
 * metrics, dead letters and model snapshots go.
 */
public final class TrainingDataflow {

    private static final OutputTag<TrainingMetrics> METRICS =
            new OutputTag<>("metrics", new AvroTypeInfo<>(TrainingMetrics.class));
    private static final OutputTag<DriftEvent> DRIFT =
            new OutputTag<>("drift", new AvroTypeInfo<>(DriftEvent.class));
    private static final OutputTag<Prediction> PREDICTIONS =
            new OutputTag<>("predictions", new AvroTypeInfo<>(Prediction.class));
    private static final OutputTag<PublishedLayer> EPOCH_ENDS =
            new OutputTag<>("epoch-ends", TypeInformation.of(PublishedLayer.class));
    private static final OutputTag<WrittenShard> WRITTEN_SHARDS =
            new OutputTag<>("written-shards", TypeInformation.of(WrittenShard.class));
    private static final OutputTag<PublishedLayer> PUBLISHED =
            new OutputTag<>("published", TypeInformation.of(PublishedLayer.class));
    private static final OutputTag<AlignmentMeasurement> ALIGNMENT =
            new OutputTag<>("alignment", new AvroTypeInfo<>(AlignmentMeasurement.class));

    private final JobConfig config;
    private final MinibatchSource source;
    private final List<LayerShape> layers;
    private final LayerFactory layerFactory;
    private final LearningRule rule;
    private final AlignmentProbing probing;
    private final StartingPoint start;
    private final List<DataStream<AlignmentMeasurement>> alignment = new ArrayList<>();

    private TrainingDataflow(JobConfig config, MinibatchSource source) {
        this.config = config;
        this.source = source;
        this.layers = config.network().layers();
        this.layerFactory = NetworkLayers.of(config.network(), config.data(), config.seeds());
        this.rule = LearningRule.of(config.algorithm(), layers, config.setup().sharding());
        this.probing = new AlignmentProbing(config.diagnostics().alignmentEvery(), ALIGNMENT);
        this.start = config.startingPoint();
    }

    /** Adds the training dataflow of {@code config}, fed by {@code source}, to {@code env}. */
    public static Outputs build(
            StreamExecutionEnvironment env, JobConfig config, MinibatchSource source) {
        return new TrainingDataflow(config, source).assemble(env);
    }

    private Outputs assemble(StreamExecutionEnvironment env) {
        MinibatchSource.Minibatches minibatches = source.addTo(env);
        List<DataStream<LayerContext>> contexts = new ArrayList<>();
        List<DataStream<PublishedLayer>> published = new ArrayList<>();
        DataStream<ForwardBatch> forward = minibatches.batches();
        for (LayerShape layer : layers) {
            SingleOutputStreamOperator<ForwardBatch> output = layer(forward, layer);
            contexts.add(output.getSideOutput(contextTag(layer.index())));
            published.add(output.getSideOutput(PUBLISHED));
            forward = output;
        }
        SingleOutputStreamOperator<Signal> errors = error(forward);
        DataStream<Signal> outputError = faults(errors);
        List<SingleOutputStreamOperator<WeightsVersion>> updates = updates(contexts, outputError);
        List<DataStream<PublishedLayer>> epochEnds = new ArrayList<>(published);
        List<DataStream<WrittenShard>> writtenShards = new ArrayList<>();
        for (SingleOutputStreamOperator<WeightsVersion> update : updates) {
            epochEnds.add(update.getSideOutput(EPOCH_ENDS));
            writtenShards.add(update.getSideOutput(WRITTEN_SHARDS));
        }
        return new Outputs(
                errors.getSideOutput(METRICS),
                errors.getSideOutput(PREDICTIONS),
                errors.getSideOutput(DRIFT),
                minibatches.deadLetters(),
                modelSnapshots(epochEnds, writtenShards),
                union(alignment));
    }

    private SingleOutputStreamOperator<ForwardBatch> layer(
            DataStream<ForwardBatch> input, LayerShape layer) {
        int index = layer.index();
        int shards = rule.shards(index);
        int inputShards = index == 0 ? 1 : rule.shards(index - 1);
        FeedbackLoop<WeightsVersion> loop = loop(index);
        TrainingSpec schedule = config.training();
        long stepsPerEpoch = source.stepsPerEpoch();
        PredictionVersions predictionVersions = source.predictionVersions();
        // The head starts the layer's task, so each layer is a task of its own and consecutive
        // minibatches overlap. Every shard of a split layer computes from whole input rows: each
        // gets every block of the layer below.
        return loop.place(
                loop.head(
                                shards > 1 || inputShards > 1 ? input.broadcast() : input,
                                OperatorIds.loopHead(index),
                                WeightsVersion::version,
                                batch ->
                                        LayerOperator.versionNeeded(schedule, stepsPerEpoch, batch),
                                start.step(),
                                predictionVersions.lag(),
                                batch -> batch.phase() == Phase.PREDICT)
                        .process(
                                new LayerOperator(
                                        layer,
                                        layerFactory,
                                        index == layers.size() - 1,
                                        schedule,
                                        stepsPerEpoch,
                                        start,
                                        predictionVersions,
                                        contextTag(index),
                                        PUBLISHED,
                                        blasThreads(),
                                        shards,
                                        inputShards))
                        .returns(TypeInformation.of(ForwardBatch.class))
                        .name(OperatorIds.layer(index))
                        .uid(OperatorIds.layer(index))
                        .setParallelism(shards));
    }

    private SingleOutputStreamOperator<Signal> error(DataStream<ForwardBatch> logits) {
        // A task of its own, so that the classifier's forward pass of the next minibatch overlaps
        // the error, projection and updates of this one.
        return logits.process(
                        new ErrorOperator(
                                METRICS, PREDICTIONS, source.monitoring(), DRIFT, blasThreads()))
                .name(OperatorIds.ERROR)
                .uid(OperatorIds.ERROR)
                .setParallelism(1)
                .startNewChain();
    }

    private DataStream<Signal> faults(DataStream<Signal> errors) {
        long failAfterStep = config.faults().failAfterStep();
        if (failAfterStep <= 0) {
            return errors;
        }
        return errors.process(new InjectedFailure(failAfterStep))
                .name(OperatorIds.INJECTED_FAILURE)
                .uid(OperatorIds.INJECTED_FAILURE)
                .setParallelism(1);
    }

    /**
     * One update per layer, top down, each fed by the edge the learning rule names: the output
     * error, its block of the projection, or the update above (whose down output also carries
     * alignment probes under DFA).
     */
    private List<SingleOutputStreamOperator<WeightsVersion>> updates(
            List<DataStream<LayerContext>> contexts, DataStream<Signal> outputError) {
        boolean atShards = Projections.atShards(config.projection());
        SingleOutputStreamOperator<Signal> projection =
                rule.projects() && !atShards ? projection(outputError) : null;
        List<SingleOutputStreamOperator<WeightsVersion>> updates = new ArrayList<>();
        DataStream<Signal> fromAbove = null;
        for (int l = layers.size() - 1; l >= 0; l--) {
            LearningRule.Source source = rule.source(l);
            DataStream<Signal> signal =
                    switch (source) {
                        case OUTPUT_ERROR -> outputError;
                        case PROJECTION ->
                                atShards
                                        ? blockProjection(outputError, l)
                                        : projected(projection, l);
                        case LAYER_ABOVE -> fromAbove;
                    };
            if (source == LearningRule.Source.PROJECTION && probing.enabled(rule)) {
                signal = signal.union(fromAbove);
            }
            SingleOutputStreamOperator<WeightsVersion> update =
                    update(layers.get(l), contexts.get(l), signal);
            updates.add(update);
            if (source == LearningRule.Source.PROJECTION && probing.enabled(rule)) {
                alignment.add(update.getSideOutput(ALIGNMENT));
            }
            boolean sendsDown = rule.passesSignalDown(l) || probing.enabled(rule);
            fromAbove = l > 0 && sendsDown ? down(update, l - 1) : null;
        }
        return updates;
    }

    /**
     * Hidden layer {@code layer}'s shards projecting e for themselves, next to their updates: each
     * subtask gets every output error and projects it onto its shard's block of B.
     */
    private SingleOutputStreamOperator<Signal> blockProjection(
            DataStream<Signal> outputError, int layer) {
        return loop(layer)
                .place(
                        outputError
                                .broadcast()
                                .process(
                                        new BlockProjectionOperator(
                                                rule,
                                                config.network().classes(),
                                                config.seeds().feedback(),
                                                layer,
                                                blasThreads()))
                                .name(OperatorIds.projection(layer))
                                .uid(OperatorIds.projection(layer))
                                .setParallelism(rule.shards(layer)));
    }

    /**
     * Hidden layer {@code layer}'s blocks of the projection, shard j's to subtask j of its update.
     */
    private DataStream<Signal> projected(SingleOutputStreamOperator<Signal> projection, int layer) {
        int shards = rule.shards(layer);
        if (shards == 1) {
            return projection.getSideOutput(projectedTag(layer, 0));
        }
        DataStream<Signal> all = null;
        for (int shard = 0; shard < shards; shard++) {
            int target = shard;
            DataStream<Signal> block =
                    projection
                            .getSideOutput(projectedTag(layer, shard))
                            .partitionCustom(
                                    (Partitioner<Integer>) (key, subtasks) -> key,
                                    signal -> target);
            all = all == null ? block : all.union(block);
        }
        return all;
    }

    /**
     * What the update above {@code layer} passes down to it, each block of a split layer to the
     * subtask of its shard.
     */
    private DataStream<Signal> down(SingleOutputStreamOperator<WeightsVersion> above, int layer) {
        DataStream<Signal> down = above.getSideOutput(downTag(layer + 1));
        return rule.shards(layer) == 1
                ? down
                : down.partitionCustom(
                        (Partitioner<Integer>) (key, subtasks) -> key, Signal::target);
    }

    private SingleOutputStreamOperator<Signal> projection(DataStream<Signal> outputError) {
        List<OutputTag<Signal>> hiddenTags = new ArrayList<>();
        for (int l = 0; l < layers.size() - 1; l++) {
            for (int shard = 0; shard < rule.shards(l); shard++) {
                hiddenTags.add(projectedTag(l, shard));
            }
        }
        return outputError
                .process(
                        new ProjectionOperator(
                                config.projection(),
                                config.network().classes(),
                                rule,
                                config.seeds().feedback(),
                                blasThreads(),
                                hiddenTags))
                .name(OperatorIds.PROJECTION)
                .uid(OperatorIds.PROJECTION)
                .setParallelism(1);
    }

    private SingleOutputStreamOperator<WeightsVersion> update(
            LayerShape layer, DataStream<LayerContext> context, DataStream<Signal> signal) {
        int index = layer.index();
        SingleOutputStreamOperator<WeightsVersion> versions =
                context.connect(signal)
                        .process(
                                new UpdateOperator(
                                        layer,
                                        layerFactory,
                                        rule,
                                        config.setup().optimizerOf(index),
                                        source.totalSteps(),
                                        start,
                                        blasThreads(),
                                        index > 0 ? downTag(index) : null,
                                        new EpochEnds(
                                                EPOCH_ENDS,
                                                WRITTEN_SHARDS,
                                                config.output().path().toAbsolutePath().toString()),
                                        probing,
                                        rule.shards(index),
                                        rule.source(index) == LearningRule.Source.LAYER_ABOVE
                                                ? rule.shards(index + 1)
                                                : 1,
                                        rule.passesSignalDown(index) ? rule.shards(index - 1) : 1))
                        .returns(TypeInformation.of(WeightsVersion.class))
                        .name(OperatorIds.update(index))
                        .uid(OperatorIds.update(index))
                        .setParallelism(rule.shards(index));
        FeedbackLoop<WeightsVersion> loop = loop(index);
        loop.place(versions);
        loop.closeWith(versions, OperatorIds.feedbackTail(index));
        return versions;
    }

    /**
     * The model snapshots, from every layer's part: whole layers' weights, split layers' shard
     * files (an update operator of a whole layer writes none, so its stream stays empty).
     */
    private DataStream<ModelSnapshot> modelSnapshots(
            List<DataStream<PublishedLayer>> epochEnds,
            List<DataStream<WrittenShard>> writtenShards) {
        return union(epochEnds)
                .connect(union(writtenShards))
                .process(
                        new ModelSnapshotAssembler(
                                config.setup(), source.scaling(), ConfigLoader.fingerprint(config)))
                .returns(new AvroTypeInfo<>(ModelSnapshot.class))
                .name(OperatorIds.MODEL_SNAPSHOTS)
                .uid(OperatorIds.MODEL_SNAPSHOTS)
                .setParallelism(1);
    }

    /**
     * The feedback loop from Update_l back to Layer_l. Its head, the layer, the update and the tail
     * share a slot sharing group and a co-location group, so that subtask i of each lives in one
     * TaskManager: the feedback edge is an in-JVM channel.
     */
    private FeedbackLoop<WeightsVersion> loop(int layer) {
        FeedbackLoop<WeightsVersion> loop =
                FeedbackLoop.of(
                        OperatorIds.loop(layer),
                        TypeInformation.of(WeightsVersion.class),
                        rule.shards(layer),
                        feedbackTimeout());
        return config.runtime().placement() == RuntimeSpec.Placement.PER_LAYER
                ? loop.inSlotSharingGroup(OperatorIds.loop(layer))
                : loop;
    }

    /** The union of {@code streams}, or null when there are none. */
    private static <T> DataStream<T> union(List<DataStream<T>> streams) {
        if (streams.isEmpty()) {
            return null;
        }
        DataStream<T> all = streams.get(0);
        for (DataStream<T> more : streams.subList(1, streams.size())) {
            all = all.union(more);
        }
        return all;
    }

    private Duration feedbackTimeout() {
        return config.runtime().feedbackTimeoutDuration();
    }

    private int blasThreads() {
        return config.runtime().blasThreads();
    }

    private static OutputTag<Signal> projectedTag(int layer, int shard) {
        return new OutputTag<>(
                "projected-" + layer + (shard == 0 ? "" : "-" + shard),
                TypeInformation.of(Signal.class));
    }

    /**
     * Signals (BP) or alignment probes (DFA) from layer {@code layer}'s update to the one below.
     */
    private static OutputTag<Signal> downTag(int layer) {
        return new OutputTag<>("down-" + layer, TypeInformation.of(Signal.class));
    }

    private static OutputTag<LayerContext> contextTag(int layer) {
        return new OutputTag<>("context-" + layer, TypeInformation.of(LayerContext.class));
    }

    /**
     * The dataflow's results.
     *
     * @param metrics training metrics per step and test metrics per epoch
     * @param predictions a prediction for every example of a stream's prediction minibatches
     * @param drift the drift detections of a stream's prequential monitor
     * @param deadLetters examples the data loader rejected
     * @param models a model snapshot after every epoch
     * @param alignment alignment measurements of the hidden layers, or null when not probing
     */
    public record Outputs(
            DataStream<TrainingMetrics> metrics,
            DataStream<Prediction> predictions,
            DataStream<DriftEvent> drift,
            DataStream<DeadLetter> deadLetters,
            DataStream<ModelSnapshot> models,
            DataStream<AlignmentMeasurement> alignment) {}
}
