package io.photonflow.flink.operators;

import io.photonflow.flink.records.Signal;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.projection.FeedbackProjection;
import io.photonflow.math.projection.Projections;
import io.photonflow.math.projection.SimulatedDevice;
import io.photonflow.math.Workspaces;
import io.photonflow.model.ProjectionSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Projection: the stand-in for the photonic co-processor. Projects the output error of a
 * minibatch for all hidden layers in one call, e [B_1 ... B_{L-1}], and fans the slices out, one
 * side output per hidden layer. Counts projected rows and the CPU time they took and, for a
 * simulated device, its frames, device time and energy.
 */
public final class ProjectionOperator extends ProcessFunction<Signal, Signal> {

    private static final long serialVersionUID = 1L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ProjectionSpec spec;
    private final int classes;
    private final List<Integer> hiddenWidths;
    private final long seed;
    private final List<OutputTag<Signal>> layerTags;

    private transient FeedbackProjection projection;
    private transient Counter projections;
    private transient Counter cpuMillis;
    private transient long cpuNanosNotCounted;

    /**
     * @param spec the projection device
     * @param classes width of the output error
     * @param hiddenWidths widths of the hidden layers, input to output
     * @param seed seed of the fixed feedback matrix
     * @param layerTags one side output per hidden layer, same order as {@code hiddenWidths}
     */
    public ProjectionOperator(
            ProjectionSpec spec,
            int classes,
            List<Integer> hiddenWidths,
            long seed,
            List<OutputTag<Signal>> layerTags) {
        if (hiddenWidths.size() != layerTags.size()) {
            throw new IllegalArgumentException(
                    hiddenWidths.size() + " hidden layers but " + layerTags.size() + " outputs");
        }
        this.spec = spec;
        this.classes = classes;
        this.hiddenWidths = List.copyOf(hiddenWidths);
        this.seed = seed;
        this.layerTags = List.copyOf(layerTags);
    }

    @Override
    public void open(OpenContext openContext) {
        int width = hiddenWidths.stream().mapToInt(Integer::intValue).sum();
        projection = Workspaces.detached(() -> Projections.create(spec, classes, width, seed));
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        projections = metrics.counter(Metrics.PROJECTIONS);
        cpuMillis = metrics.counter(Metrics.PROJECTION_CPU_MILLIS);
        if (projection instanceof SimulatedDevice device) {
            metrics.gauge(Metrics.DEVICE_FRAMES, (Gauge<Long>) device::frames);
            metrics.gauge(Metrics.DEVICE_SECONDS, (Gauge<Double>) device::deviceSeconds);
            metrics.gauge(Metrics.DEVICE_ENERGY_JOULES, (Gauge<Double>) device::energyJoules);
        }
    }

    @Override
    public void processElement(Signal error, Context context, Collector<Signal> out) {
        long start = THREADS.getCurrentThreadCpuTime();
        List<FloatMatrix> slices =
                Workspaces.step(
                        "projection",
                        () ->
                                Projections.split(
                                                projection.project(error.values().toMatrix()),
                                                hiddenWidths)
                                        .stream()
                                        .map(FloatMatrix::of)
                                        .toList());
        projections.inc(error.values().rows());
        cpuNanosNotCounted += THREADS.getCurrentThreadCpuTime() - start;
        cpuMillis.inc(cpuNanosNotCounted / 1_000_000);
        cpuNanosNotCounted %= 1_000_000;
        for (int l = 0; l < slices.size(); l++) {
            context.output(layerTags.get(l), new Signal(error.step(), slices.get(l)));
        }
    }
}
