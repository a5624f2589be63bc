package io.photonflow.training;

import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphDataset.Split;
import io.photonflow.model.Phase;

/**
 * Full-batch training on a graph: per epoch one step over all nodes, of which only the training
 * nodes are labelled, then one validation and one test pass over all nodes.
 */
public final class GraphFeed implements TrainingFeed {

    private final int[] train;
    private final int[] validation;
    private final int[] test;

    public GraphFeed(GraphDataset graph) {
        if (graph.nodes(Split.TRAIN).length == 0) {
            throw new IllegalArgumentException("the graph has no training nodes");
        }
        this.train = graph.labelsOf(Split.TRAIN);
        this.validation = graph.labelsOf(Split.VAL);
        this.test = graph.labelsOf(Split.TEST);
    }

    @Override
    public int stepsPerEpoch() {
        return 1;
    }

    @Override
    public Batch trainingBatch(int epoch, int index) {
        return new Batch(null, 0, train);
    }

    @Override
    public int evaluationBatches(Phase phase) {
        return 1;
    }

    @Override
    public Batch evaluationBatch(Phase phase, int index) {
        return new Batch(null, 0, phase == Phase.VALIDATION ? validation : test);
    }
}
