package io.photonflow.flink.operators;

import io.photonflow.flink.records.Signal;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.LearningRule;
import io.photonflow.math.NativeThreads;
import io.photonflow.math.Workspaces;
import io.photonflow.math.projection.GaussianProjection;
import io.photonflow.math.projection.Projections;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The projection of the shards of one hidden layer, where they project for themselves ({@link
 * Projections#atShards}): subtask j projects every output error e onto block j of the layer's
 * columns of B, which it draws from the seed itself, so that only e, batch x classes, travels to
 * the shard, whatever the layer's width. Runs with the layer's parallelism, next to its update.
 */
public final class BlockProjectionOperator extends ProcessFunction<Signal, Signal> {

    private static final long serialVersionUID = 1L;

    private final LearningRule rule;
    private final int classes;
    private final long seed;
    private final int layer;
    private final int blasThreads;

    private transient GaussianProjection projection;
    private transient String workspace;
    private transient Counter projections;

    /**
     * @param rule the learning rule, which says what block of the projection each shard gets
     * @param classes width of the output error
     * @param seed seed of the fixed feedback matrix
     * @param layer the hidden layer whose shards this operator projects for
     * @param blasThreads native threads per ND4J call in this operator's process
     */
    public BlockProjectionOperator(
            LearningRule rule, int classes, long seed, int layer, int blasThreads) {
        this.rule = rule;
        this.classes = classes;
        this.seed = seed;
        this.layer = layer;
        this.blasThreads = blasThreads;
    }

    @Override
    public void open(OpenContext openContext) {
        NativeThreads.configure(blasThreads);
        int shard = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        projection =
                Workspaces.detached(() -> Projections.block(rule, classes, seed, layer, shard));
        workspace = "projection-" + layer;
        projections =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(Metrics.GROUP)
                        .counter(Metrics.PROJECTIONS);
    }

    @Override
    public void processElement(Signal error, Context context, Collector<Signal> out) {
        FloatMatrix block =
                Workspaces.step(
                        workspace,
                        () -> FloatMatrix.of(projection.project(error.values().toMatrix())));
        projections.inc(error.values().rows());
        out.collect(error.withValues(block));
    }
}
