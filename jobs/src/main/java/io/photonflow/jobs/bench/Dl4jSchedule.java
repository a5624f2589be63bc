package io.photonflow.jobs.bench;

import io.photonflow.math.LearningRateSchedule;
import io.photonflow.math.OptimizerSpec;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * photonflow's learning-rate schedule in Deeplearning4j's terms, so that the baseline follows
 * exactly the same rates (DL4J has no cosine schedule of its own).
 */
final class Dl4jSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final double initialValue;
    private final OptimizerSpec.Schedule kind;
    private final long totalSteps;

    Dl4jSchedule(
            @JsonProperty("initialValue") double initialValue,
            @JsonProperty("kind") OptimizerSpec.Schedule kind,
            @JsonProperty("totalSteps") long totalSteps) {
        this.initialValue = initialValue;
        this.kind = kind;
        this.totalSteps = totalSteps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        // DL4J counts iterations from 0, photonflow's schedules count steps from 1.
        return initialValue * LearningRateSchedule.of(kind, totalSteps).factor(iteration + 1L);
    }

    @Override
    public ISchedule clone() {
        return new Dl4jSchedule(initialValue, kind, totalSteps);
    }
}
