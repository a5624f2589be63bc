package io.photonflow.flink.operators;

import io.photonflow.avro.DriftEvent;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.math.SoftmaxCrossEntropy;
import io.photonflow.online.PrequentialMonitor;
import io.photonflow.online.RollingMetrics;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The error operator's prequential monitor (online): scores each training step's rows, keeps the
 * monitor in operator state, and reports its windows and detections as metrics.
 */
final class PrequentialScoring {

    private final PrequentialMonitor monitor;
    private final ListState<byte[]> state;
    private Counter detections;

    /** The monitor of {@code settings}, restored from {@code store} after a failure. */
    PrequentialScoring(PrequentialMonitor.Settings settings, OperatorStateStore store)
            throws Exception {
        state =
                store.getListState(
                        new ListStateDescriptor<>(
                                "prequential-monitor",
                                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        PrequentialMonitor.State restored = null;
        for (byte[] bytes : state.get()) {
            restored = JavaBytes.read(bytes, PrequentialMonitor.State.class);
        }
        monitor = new PrequentialMonitor(settings, restored);
    }

    void registerMetrics(MetricGroup group) {
        detections = group.counter(Metrics.DRIFT_DETECTIONS);
        group.gauge(Metrics.ROLLING_ACCURACY, () -> monitor.countWindow().accuracy());
        group.gauge(Metrics.ROLLING_LOSS, () -> monitor.countWindow().meanLoss());
        group.gauge(Metrics.ROLLING_TIME_ACCURACY, () -> monitor.timeWindow().accuracy());
        group.gauge(Metrics.ROLLING_TIME_LOSS, () -> monitor.timeWindow().meanLoss());
    }

    void snapshot() throws Exception {
        state.update(List.of(JavaBytes.of(monitor.state())));
    }

    /** Scores a training step's labelled rows, which were predicted before they are learned. */
    Scored score(ForwardBatch batch) {
        SoftmaxCrossEntropy.RowScores scores =
                SoftmaxCrossEntropy.rowScores(
                        batch.values().data(), batch.labels(), batch.values().cols());
        long[] eventTimes = new long[scores.rows().length];
        for (int i = 0; i < eventTimes.length; i++) {
            eventTimes[i] = batch.eventTimes() == null ? 0 : batch.eventTimes()[scores.rows()[i]];
        }
        PrequentialMonitor.Step step =
                monitor.observe(batch.step(), scores.correct(), scores.losses(), eventTimes);
        List<DriftEvent> events =
                step.detections().stream()
                        .map(
                                detection ->
                                        DriftEvent.newBuilder()
                                                .setDetector(detection.detector())
                                                .setStep(detection.step())
                                                .setExampleOffset(detection.exampleOffset())
                                                .setStatistic(Double.NaN)
                                                .setThreshold(Double.NaN)
                                                .setEventTimeMillis(detection.eventTime())
                                                .build())
                        .toList();
        detections.inc(events.size());
        return new Scored(step, events, monitor.countWindow(), monitor.timeWindow());
    }

    /**
     * What a step's scores gave.
     *
     * @param step the reaction for the step's update
     * @param drift detections among the step's rows
     * @param count the count window after the step
     * @param time the event-time window after the step
     */
    record Scored(
            PrequentialMonitor.Step step,
            List<DriftEvent> drift,
            RollingMetrics count,
            RollingMetrics time) {}
}
