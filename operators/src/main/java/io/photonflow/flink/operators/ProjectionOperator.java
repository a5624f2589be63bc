package io.photonflow.flink.operators;

import io.photonflow.flink.records.Signal;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.LearningRule;
import io.photonflow.math.NativeThreads;
import io.photonflow.math.Workspaces;
import io.photonflow.math.projection.FeedbackProjection;
import io.photonflow.math.projection.ProjectionSpec;
import io.photonflow.math.projection.Projections;
import io.photonflow.math.projection.SimulatedDevice;
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
 * Projection: the stand-in for the photonic co-processor. Projects the output error of a minibatch
 * for all hidden layers in one call, e [B_1 ... B_{L-1}], and fans the slices out, one side output
 * per hidden layer, or per shard of a layer split into column shards. Counts projected rows and the
 * CPU time they took and, for a simulated device, its frames, device time and energy.
 */
public final class ProjectionOperator extends ProcessFunction<Signal, Signal> {

    private static final long serialVersionUID = 1L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ProjectionSpec spec;
    private final int classes;
    private final LearningRule rule;
    private final long seed;
    private final int blasThreads;
    private final List<OutputTag<Signal>> layerTags;

    private transient FeedbackProjection projection;
    private transient Counter projections;
    private transient Counter cpuMillis;
    private transient long cpuNanosNotCounted;

    /**
     * @param spec the projection device
     * @param classes width of the output error
     * @param rule the learning rule, which says what block of the projection each layer gets
     * @param seed seed of the fixed feedback matrix
     * @param blasThreads native threads per ND4J call in this operator's process
     * @param layerTags one side output per hidden shard, in the order of {@link
     *     LearningRule#slices}
     */
    public ProjectionOperator(
            ProjectionSpec spec,
            int classes,
            LearningRule rule,
            long seed,
            int blasThreads,
            List<OutputTag<Signal>> layerTags) {
        if (!rule.projects() || rule.hiddenShards() != layerTags.size()) {
            throw new IllegalArgumentException(
                    "a projection for "
                            + layerTags.size()
                            + " hidden shards, but the rule is "
                            + rule.algorithm()
                            + " over "
                            + rule.hiddenShards()
                            + " of them");
        }
        this.spec = spec;
        this.classes = classes;
        this.rule = rule;
        this.seed = seed;
        this.blasThreads = blasThreads;
        this.layerTags = List.copyOf(layerTags);
    }

    @Override
    public void open(OpenContext openContext) {
        NativeThreads.configure(blasThreads);
        projection =
                Workspaces.detached(
                        () -> Projections.create(spec, classes, rule.projectedWidth(), seed));
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
                                rule.slices(projection.project(error.values().toMatrix())).stream()
                                        .map(FloatMatrix::of)
                                        .toList());
        projections.inc(error.values().rows());
        cpuNanosNotCounted += THREADS.getCurrentThreadCpuTime() - start;
        cpuMillis.inc(cpuNanosNotCounted / 1_000_000);
        cpuNanosNotCounted %= 1_000_000;
        for (int l = 0; l < slices.size(); l++) {
            context.output(layerTags.get(l), error.withValues(slices.get(l)));
        }
    }
}
