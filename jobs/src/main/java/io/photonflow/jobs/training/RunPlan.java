package io.photonflow.jobs.training;

import io.photonflow.data.InputScaling;
import io.photonflow.data.TrainingData;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.model.Schedule;

/**
 * What the client learns from the data before it builds a training dataflow.
 *
 * @param loader loads the examples inside the job too (once per process); null for a graph
 * @param graph the graph of a gcn network, loaded inside the job too; null for examples
 * @param schedule the minibatches of the run
 * @param scaling the input map fitted on the training set (identity for a graph)
 * @param rejected examples the loader rejected, which the run writes as dead letters
 */
public record RunPlan(
        TrainingData.Loader loader,
        GraphSource graph,
        Schedule schedule,
        InputScaling scaling,
        int rejected) {}
