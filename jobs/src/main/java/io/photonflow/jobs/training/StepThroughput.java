package io.photonflow.jobs.training;

import io.photonflow.avro.TrainingMetrics;

/**
 * Training throughput as the progress lines measure it: the examples of the training steps after
 * the first, over the wall-clock time from the first step to the last, by the steps' own
 * timestamps. What comes before the first step (start-up, deployment, loading the data) is left
 * out; evaluations between epochs are in, as they are in the progress lines' window.
 *
 * @param firstMillis timestamp of the first training step
 * @param lastMillis timestamp of the last training step
 * @param examples examples of the steps after the first
 * @param steps training steps counted
 */
public record StepThroughput(long firstMillis, long lastMillis, long examples, long steps) {

    /** No step yet. */
    public static final StepThroughput NONE = new StepThroughput(0, 0, 0, 0);

    /** This throughput with one more training step, {@code step}. */
    public StepThroughput after(TrainingMetrics step) {
        long at = step.getTimestampMillis();
        return steps == 0
                ? new StepThroughput(at, at, 0, 1)
                : new StepThroughput(firstMillis, at, examples + step.getExamples(), steps + 1);
    }

    /** Seconds from the first step to the last. */
    public double seconds() {
        return (lastMillis - firstMillis) / 1e3;
    }

    /** Whether there is a rate: two steps or more, apart in time. */
    public boolean measured() {
        return steps >= 2 && lastMillis > firstMillis;
    }

    /** Training examples per second; 0 when not {@link #measured()}. */
    public double samplesPerSecond() {
        return measured() ? examples / seconds() : 0;
    }
}
