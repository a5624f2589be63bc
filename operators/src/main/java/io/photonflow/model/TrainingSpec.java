package io.photonflow.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The training schedule.
 *
 * @param batchSize examples per minibatch (the last minibatch of an epoch may be smaller)
 * @param epochs passes over the training set
 * @param staleness s: the forward pass of minibatch k uses the weights after updates 1..k-1-s
 * @param evalBatchSize examples per minibatch when the test set flows through after each epoch
 */
public record TrainingSpec(int batchSize, int epochs, int staleness, int evalBatchSize)
        implements Serializable {

    /**
     * The weight version the forward pass of training step {@code step} (1-based) must use: the
     * weights after updates 1..step-1-s, where version 0 is the initial weights, but never older
     * than the weights its epoch started from. The first steps of an epoch so depend on nothing
     * from before the epoch's start but its final weights and optimizer state: an epoch's snapshot
     * is all a resumed run needs. (An evaluation pass after each epoch waits for those weights
     * anyway, so the rule costs no overlap.)
     *
     * @param stepsPerEpoch training steps per epoch; 0 for a stream, which has no epochs
     */
    public long requiredVersion(long step, long stepsPerEpoch) {
        long stale = Math.max(0, step - 1 - staleness);
        if (stepsPerEpoch <= 0) {
            return stale;
        }
        long epochStart = (step - 1) / stepsPerEpoch * stepsPerEpoch;
        return Math.max(stale, epochStart);
    }

    /** Problems with this schedule, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (batchSize <= 0) {
            problems.add(path + ".batch-size must be positive, got " + batchSize);
        }
        if (epochs <= 0) {
            problems.add(path + ".epochs must be positive, got " + epochs);
        }
        if (staleness < 0) {
            problems.add(path + ".staleness must be 0 or more, got " + staleness);
        }
        if (evalBatchSize <= 0) {
            problems.add(path + ".eval-batch-size must be positive, got " + evalBatchSize);
        }
        return problems;
    }
}
