package io.photonflow.flink.operators;

import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.Prediction;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.records.Signal;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.EvaluationAccumulator;
import io.photonflow.math.NativeThreads;
import io.photonflow.math.SoftmaxCrossEntropy;
import io.photonflow.math.SoftmaxCrossEntropy.OutputError;
import io.photonflow.math.Workspaces;
import io.photonflow.model.Phase;
import io.photonflow.online.PrequentialMonitor;
import io.photonflow.online.RollingMetrics;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Error: turns the classifier's logits into the output error e (the gradient of the mean loss with
 * respect to the logits), which it sends on as the learning signal, and measures loss and accuracy:
 * per training step, and over each evaluation pass (validation, test) after each epoch. Online, a
 * training step's figures are prequential (its examples are scored before they are learned from),
 * and minibatches of unlabelled examples become predictions.
 */
public final class ErrorOperator extends ProcessFunction<ForwardBatch, Signal>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private static final int THROUGHPUT_WINDOW = 20;

    private final OutputTag<TrainingMetrics> metricsTag;
    private final OutputTag<Prediction> predictionsTag;
    private final PrequentialMonitor.Settings monitoring;
    private final OutputTag<DriftEvent> driftTag;
    private final int blasThreads;

    private transient EvaluationAccumulator evaluation;
    private transient PrequentialScoring scoring;
    private transient ListState<double[]> evaluationState;
    private transient ThroughputMeter throughput;
    private transient volatile TrainingMetrics lastTrain;
    private transient volatile TrainingMetrics lastTest;

    /**
     * @param metricsTag side output for training and test metrics
     * @param predictionsTag side output for the predictions of {@link Phase#PREDICT} minibatches
     * @param monitoring online: prequential windows, drift detection and reaction; null for none
     * @param driftTag side output for drift detections
     * @param blasThreads native threads per ND4J call in this operator's process
     */
    public ErrorOperator(
            OutputTag<TrainingMetrics> metricsTag,
            OutputTag<Prediction> predictionsTag,
            PrequentialMonitor.Settings monitoring,
            OutputTag<DriftEvent> driftTag,
            int blasThreads) {
        this.metricsTag = metricsTag;
        this.predictionsTag = predictionsTag;
        this.monitoring = monitoring;
        this.driftTag = driftTag;
        this.blasThreads = blasThreads;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        NativeThreads.configure(blasThreads);
        throughput = new ThroughputMeter(THROUGHPUT_WINDOW);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        group.gauge(Metrics.STEP, () -> lastTrain == null ? 0L : lastTrain.getStep());
        if (scoring != null) {
            scoring.registerMetrics(group);
        }
        group.gauge(Metrics.EPOCH, () -> lastTrain == null ? 0 : lastTrain.getEpoch());
        group.gauge(Metrics.LOSS, () -> lastTrain == null ? Double.NaN : lastTrain.getLoss());
        group.gauge(
                Metrics.ACCURACY, () -> lastTrain == null ? Double.NaN : lastTrain.getAccuracy());
        group.gauge(
                Metrics.SAMPLES_PER_SECOND,
                () -> lastTrain == null ? 0.0 : lastTrain.getSamplesPerSecond());
        group.gauge(Metrics.TEST_LOSS, () -> lastTest == null ? Double.NaN : lastTest.getLoss());
        group.gauge(
                Metrics.TEST_ACCURACY,
                () -> lastTest == null ? Double.NaN : lastTest.getAccuracy());
    }

    @Override
    public void processElement(ForwardBatch batch, Context context, Collector<Signal> out) {
        if (batch.phase() == Phase.PUBLISH) {
            return;
        }
        if (batch.phase() == Phase.PREDICT) {
            Predictions.of(batch, System.currentTimeMillis())
                    .forEach(prediction -> context.output(predictionsTag, prediction));
            return;
        }
        Evaluated evaluated =
                Workspaces.step(
                        "error",
                        () -> {
                            OutputError result =
                                    SoftmaxCrossEntropy.evaluate(
                                            batch.values().toMatrix(), batch.labels());
                            return new Evaluated(result, FloatMatrix.of(result.error()));
                        });
        OutputError error = evaluated.outcome();
        if (batch.phase() == Phase.TRAIN) {
            out.collect(react(batch, evaluated.error(), context));
            lastTrain =
                    metrics(
                            MetricsSplit.TRAIN,
                            batch,
                            error.rows(),
                            error.lossSum() / error.rows(),
                            (double) error.correct() / error.rows(),
                            throughput.record(error.rows()));
            context.output(metricsTag, lastTrain);
            return;
        }
        evaluation.add(error);
        if (batch.evalIndex() == batch.evalCount() - 1) {
            TrainingMetrics pass =
                    metrics(
                            batch.phase() == Phase.VALIDATION
                                    ? MetricsSplit.VALIDATION
                                    : MetricsSplit.TEST,
                            batch,
                            evaluation.examples(),
                            evaluation.loss(),
                            evaluation.accuracy(),
                            0);
            if (batch.phase() == Phase.TEST) {
                lastTest = pass;
            }
            context.output(metricsTag, pass);
            evaluation = new EvaluationAccumulator();
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        evaluationState.update(
                List.of(
                        new double[] {
                            evaluation.lossSum(), evaluation.correct(), evaluation.examples()
                        }));
        if (scoring != null) {
            scoring.snapshot();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        evaluationState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("test-evaluation", double[].class));
        evaluation = new EvaluationAccumulator();
        for (double[] sums : evaluationState.get()) {
            evaluation = new EvaluationAccumulator(sums[0], (long) sums[1], (long) sums[2]);
        }
        if (monitoring != null) {
            scoring = new PrequentialScoring(monitoring, context.getOperatorStateStore());
        }
    }

    /**
     * The step's learning signal, with the reaction of the prequential monitor to its scores
     * (online), which also emits the rolling figures and any drift detection.
     */
    private Signal react(ForwardBatch batch, FloatMatrix error, Context context) {
        if (scoring == null) {
            return new Signal(batch.step(), error);
        }
        PrequentialScoring.Scored scored = scoring.score(batch);
        scored.drift().forEach(event -> context.output(driftTag, event));
        context.output(metricsTag, rolling(MetricsSplit.ROLLING_COUNT, batch, scored.count()));
        context.output(metricsTag, rolling(MetricsSplit.ROLLING_TIME, batch, scored.time()));
        PrequentialMonitor.Step step = scored.step();
        return new Signal(
                batch.step(), error, false, step.learningRateMultiplier(), step.resetOptimizer());
    }

    private static TrainingMetrics rolling(
            MetricsSplit split, ForwardBatch batch, RollingMetrics window) {
        return metrics(split, batch, window.size(), window.meanLoss(), window.accuracy(), 0);
    }

    private static TrainingMetrics metrics(
            MetricsSplit split,
            ForwardBatch batch,
            long examples,
            double loss,
            double accuracy,
            double samplesPerSecond) {
        return TrainingMetrics.newBuilder()
                .setSplit(split)
                .setStep(batch.step())
                .setEpoch(batch.epoch())
                .setExamples(examples)
                .setLoss(loss)
                .setAccuracy(accuracy)
                .setSamplesPerSecond(samplesPerSecond)
                .setTimestampMillis(System.currentTimeMillis())
                .build();
    }

    /** A minibatch's loss figures and error, out of the workspace (the error array is not). */
    private record Evaluated(OutputError outcome, FloatMatrix error) {}
}
