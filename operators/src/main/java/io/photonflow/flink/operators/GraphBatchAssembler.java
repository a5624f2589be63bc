package io.photonflow.flink.operators;

import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphDataset.Split;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.flink.failures.FailFast;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.model.Phase;
import io.photonflow.model.Schedule;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the positions of a full-batch {@link Schedule} (one training step, one validation and one
 * test pass per epoch) into batches of all nodes of a graph. A batch carries no features, since the
 * first graph convolution holds them, only the labels of its phase's nodes (every other node
 * unlabelled): the training nodes carry error, the validation and test nodes are scored. Run with
 * parallelism 1, behind a source that counts through the schedule.
 */
public final class GraphBatchAssembler extends ProcessFunction<Long, ForwardBatch> {

    private static final long serialVersionUID = 1L;

    private final GraphSource source;
    private final Schedule schedule;

    private transient int nodes;
    private transient int[][] labels;

    /**
     * @param source the graph
     * @param schedule the run: one step, one validation and one test batch per epoch
     */
    public GraphBatchAssembler(GraphSource source, Schedule schedule) {
        if (schedule.stepsPerEpoch() != 1
                || schedule.validationBatches() != 1
                || schedule.testBatches() != 1) {
            throw new IllegalArgumentException("not a full-batch schedule: " + schedule);
        }
        this.source = source;
        this.schedule = schedule;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        GraphDataset graph;
        try {
            graph = source.load();
        } catch (IOException e) {
            FailFast.ifPermanent(e);
            throw e;
        }
        nodes = graph.nodeCount();
        labels = new int[Phase.values().length][];
        labels[Phase.TRAIN.ordinal()] = graph.labelsOf(Split.TRAIN);
        labels[Phase.VALIDATION.ordinal()] = graph.labelsOf(Split.VAL);
        labels[Phase.TEST.ordinal()] = graph.labelsOf(Split.TEST);
    }

    @Override
    public void processElement(Long index, Context context, Collector<ForwardBatch> out) {
        Schedule.Item item = schedule.item(index);
        boolean evaluation = item.phase() != Phase.TRAIN;
        out.collect(
                new ForwardBatch(
                        item.phase(),
                        item.step(),
                        item.epoch() + 1,
                        item.lastOfEpoch(),
                        evaluation ? item.index() : 0,
                        evaluation ? 1 : 0,
                        new FloatMatrix(nodes, 0, new float[0]),
                        labels[item.phase().ordinal()]));
    }
}
