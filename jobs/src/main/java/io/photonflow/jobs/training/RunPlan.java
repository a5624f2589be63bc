package io.photonflow.jobs.training;

import io.photonflow.data.InputScaling;
import io.photonflow.data.TrainingData;
import io.photonflow.model.Schedule;

/**
 * What the client learns from the data before it builds a training dataflow.
 *
 * @param loader loads the data again inside the job, where it runs
 * @param schedule the minibatches of the run
 * @param scaling the input map fitted on the training set
 */
public record RunPlan(TrainingData.Loader loader, Schedule schedule, InputScaling scaling) {}
