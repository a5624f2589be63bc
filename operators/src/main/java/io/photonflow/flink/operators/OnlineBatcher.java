package io.photonflow.flink.operators;

import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.records.StreamExample;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.SoftmaxCrossEntropy;
import io.photonflow.model.Phase;
import io.photonflow.online.PredictionVersions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a stream of examples into minibatches, in the order the examples arrive (one partition) or
 * in event-time order behind the watermark (several). Every {@code batchSize} labelled examples
 * make training step k (test-then-train: the step's forward pass scores them with the weights
 * before they are learned from); unlabelled examples are predicted in minibatches of at most {@code
 * predictionBatchSize}, sent when full, when the oldest has waited {@code maxWaitMillis}, and
 * before every training step. Each is predicted with the weight version {@link PredictionVersions}
 * gives for its place in the log (after k steps: k-1-s, the weights the last step used, or older by
 * the prediction lag), so a prediction repeated after a failure carries the same model version;
 * with a lag, a prediction passes the training minibatches that wait at a layer for their weights
 * instead of queueing behind them.
 *
 * <p>Every {@code modelEverySteps}-th step, and the first step after every {@code modelEveryMillis}
 * of processing time, is marked as the last of a model version (its epoch field counts versions
 * from 1), so that the updates publish their weights. The count of versions is keyed state, so it
 * only grows, also across restores. When a bounded stream ends (the final watermark), the labelled
 * examples left over make one last, smaller step, which also ends a model version; without any left
 * over, a {@link Phase#PUBLISH} minibatch ends one with the last step's weights, unless that step
 * already did.
 *
 * <p>Keyed by a constant (parallelism 1): its buffers and counters are keyed state, and the wait is
 * a processing-time timer.
 */
public final class OnlineBatcher
        extends KeyedProcessFunction<Integer, StreamExample, ForwardBatch> {

    private static final long serialVersionUID = 1L;

    private final int featureCount;
    private final int batchSize;
    private final PredictionVersions predictionVersions;
    private final int predictionBatchSize;
    private final long maxWaitMillis;
    private final int modelEverySteps;
    private final long modelEveryMillis;
    private final boolean eventTimeOrder;

    private transient ListState<StreamExample> training;
    private transient ListState<StreamExample> predictions;
    private transient ValueState<Integer> trainingCount;
    private transient ValueState<Integer> predictionCount;
    private transient ValueState<Long> steps;
    private transient ValueState<Long> flushAt;
    private transient ValueState<Integer> modelVersions;
    private transient ValueState<Long> modelDueAt;
    private transient ValueState<Boolean> modelDue;
    private transient ValueState<Long> publishedStep;
    private transient MapState<Long, List<StreamExample>> held;
    private transient Counter trained;
    private transient Counter predicted;

    /**
     * @param featureCount the network's input width
     * @param batchSize labelled examples per training step
     * @param predictionVersions the weight version predictions use, given the steps so far
     * @param predictionBatchSize most unlabelled examples per prediction minibatch
     * @param maxWaitMillis longest an unlabelled example waits for its minibatch to fill
     * @param modelEverySteps publish the weights after every this many steps (0: only at the end of
     *     a bounded stream)
     * @param modelEveryMillis also publish them after the first step that follows every this many
     *     milliseconds of processing time (0: never)
     * @param eventTimeOrder release examples in event-time order behind the watermark
     */
    public OnlineBatcher(
            int featureCount,
            int batchSize,
            PredictionVersions predictionVersions,
            int predictionBatchSize,
            long maxWaitMillis,
            int modelEverySteps,
            long modelEveryMillis,
            boolean eventTimeOrder) {
        this.featureCount = featureCount;
        this.batchSize = batchSize;
        this.predictionVersions = predictionVersions;
        this.predictionBatchSize = predictionBatchSize;
        this.maxWaitMillis = maxWaitMillis;
        this.modelEverySteps = modelEverySteps;
        this.modelEveryMillis = modelEveryMillis;
        this.eventTimeOrder = eventTimeOrder;
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<StreamExample> type = TypeInformation.of(StreamExample.class);
        training = getRuntimeContext().getListState(new ListStateDescriptor<>("training", type));
        predictions =
                getRuntimeContext().getListState(new ListStateDescriptor<>("predictions", type));
        trainingCount =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("training-count", Types.INT));
        predictionCount =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("prediction-count", Types.INT));
        steps = getRuntimeContext().getState(new ValueStateDescriptor<>("steps", Types.LONG));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        modelVersions =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("model-versions", Types.INT));
        modelDueAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("model-due-at", Types.LONG));
        modelDue =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("model-due", Types.BOOLEAN));
        publishedStep =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("published-step", Types.LONG));
        held =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("held", Types.LONG, Types.LIST(type)));
        var group = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        trained = group.counter(Metrics.EXAMPLES_TRAINED);
        predicted = group.counter(Metrics.EXAMPLES_PREDICTED);
    }

    @Override
    public void processElement(StreamExample example, Context context, Collector<ForwardBatch> out)
            throws Exception {
        if (steps.value() == null) {
            steps.update(0L);
            // Fires when a bounded stream ends: the final watermark.
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            if (modelEveryMillis > 0) {
                scheduleModel(
                        context.timerService(), context.timerService().currentProcessingTime());
            }
        }
        if (eventTimeOrder) {
            List<StreamExample> same = held.get(example.eventTime());
            List<StreamExample> all = same == null ? new ArrayList<>() : new ArrayList<>(same);
            all.add(example);
            held.put(example.eventTime(), all);
            context.timerService().registerEventTimeTimer(example.eventTime());
            return;
        }
        take(example, context, out);
    }

    /** Puts one example into the training or the prediction minibatch being filled. */
    private void take(StreamExample example, Context context, Collector<ForwardBatch> out)
            throws Exception {
        if (example.labelled()) {
            training.add(example);
            int count = count(trainingCount) + 1;
            trainingCount.update(count);
            if (count == batchSize) {
                emitTraining(false, out);
            }
        } else {
            predictions.add(example);
            int count = count(predictionCount) + 1;
            predictionCount.update(count);
            if (count == 1) {
                long at = context.timerService().currentProcessingTime() + maxWaitMillis;
                flushAt.update(at);
                context.timerService().registerProcessingTimeTimer(at);
            }
            if (count == predictionBatchSize) {
                emitPredictions(context, out);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<ForwardBatch> out)
            throws Exception {
        if (eventTimeOrder && context.timeDomain() == TimeDomain.EVENT_TIME) {
            release(timestamp, context, out);
        }
        if (timestamp == Long.MAX_VALUE) {
            if (count(trainingCount) > 0) {
                emitTraining(true, out);
            }
            emitPredictions(context, out);
            publishLastStep(out);
        } else if (flushAt.value() != null && flushAt.value() == timestamp) {
            emitPredictions(context, out);
        }
        if (modelDueAt.value() != null && modelDueAt.value() == timestamp) {
            modelDue.update(true);
            scheduleModel(context.timerService(), timestamp);
        }
    }

    private void scheduleModel(TimerService timers, long now) throws Exception {
        long at = now + modelEveryMillis;
        modelDueAt.update(at);
        timers.registerProcessingTimeTimer(at);
    }

    /**
     * Takes the held examples the watermark has passed, in (event time, partition, offset) order:
     * with timestamps that never decrease within a partition, no example can arrive behind the
     * watermark, so the order is a function of the topic's contents.
     */
    private void release(long watermark, Context context, Collector<ForwardBatch> out)
            throws Exception {
        List<Long> due = new ArrayList<>();
        for (Long time : held.keys()) {
            if (time <= watermark) {
                due.add(time);
            }
        }
        Collections.sort(due);
        for (Long time : due) {
            List<StreamExample> examples = new ArrayList<>(held.get(time));
            examples.sort(
                    Comparator.comparingInt(StreamExample::partition)
                            .thenComparingLong(StreamExample::offset));
            held.remove(time);
            for (StreamExample example : examples) {
                take(example, context, out);
            }
        }
    }

    private void emitTraining(boolean endOfStream, Collector<ForwardBatch> out) throws Exception {
        emitPredictionsBeforeStep(out);
        long step = steps.value() + 1;
        List<StreamExample> rows = new ArrayList<>();
        training.get().forEach(rows::add);
        boolean publishes =
                endOfStream
                        || (modelEverySteps > 0 && step % modelEverySteps == 0)
                        || Boolean.TRUE.equals(modelDue.value());
        int modelVersion = count(modelVersions) + 1;
        out.collect(batch(Phase.TRAIN, step, modelVersion, publishes, rows));
        if (publishes) {
            modelVersions.update(modelVersion);
            modelDue.clear();
            publishedStep.update(step);
        }
        trained.inc(rows.size());
        steps.update(step);
        training.clear();
        trainingCount.update(0);
    }

    /**
     * At the end of a bounded stream whose last step ended no model version (a full step, with only
     * unlabelled examples after it), a {@link Phase#PUBLISH} minibatch makes the layers publish
     * that step's weights as one more version.
     */
    private void publishLastStep(Collector<ForwardBatch> out) throws Exception {
        long step = steps.value() == null ? 0 : steps.value();
        if (step == 0 || Long.valueOf(step).equals(publishedStep.value())) {
            return;
        }
        int modelVersion = count(modelVersions) + 1;
        out.collect(batch(Phase.PUBLISH, step, modelVersion, true, List.of()));
        modelVersions.update(modelVersion);
        publishedStep.update(step);
    }

    private void emitPredictions(Context context, Collector<ForwardBatch> out) throws Exception {
        if (flushAt.value() != null) {
            context.timerService().deleteProcessingTimeTimer(flushAt.value());
            flushAt.clear();
        }
        emitPredictionsBeforeStep(out);
    }

    private void emitPredictionsBeforeStep(Collector<ForwardBatch> out) throws Exception {
        if (count(predictionCount) == 0) {
            return;
        }
        List<StreamExample> rows = new ArrayList<>();
        predictions.get().forEach(rows::add);
        long version = predictionVersions.after(steps.value());
        out.collect(batch(Phase.PREDICT, version, count(modelVersions) + 1, false, rows));
        predicted.inc(rows.size());
        predictions.clear();
        predictionCount.update(0);
    }

    private ForwardBatch batch(
            Phase phase, long step, int modelVersion, boolean last, List<StreamExample> rows) {
        float[] values = new float[rows.size() * featureCount];
        int[] labels = new int[rows.size()];
        String[] ids = new String[rows.size()];
        long[] eventTimes = new long[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            StreamExample row = rows.get(r);
            System.arraycopy(row.features(), 0, values, r * featureCount, featureCount);
            labels[r] = phase == Phase.TRAIN ? row.label() : SoftmaxCrossEntropy.UNLABELLED;
            ids[r] = row.id();
            eventTimes[r] = row.eventTime();
        }
        return new ForwardBatch(
                phase,
                step,
                modelVersion,
                last,
                0,
                0,
                new FloatMatrix(rows.size(), featureCount, values),
                labels,
                ids,
                eventTimes);
    }

    private static int count(ValueState<Integer> state) throws Exception {
        Integer value = state.value();
        return value == null ? 0 : value;
    }
}
