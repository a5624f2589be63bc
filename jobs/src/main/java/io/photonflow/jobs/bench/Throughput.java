package io.photonflow.jobs.bench;

/**
 * Training throughput of one trainer.
 *
 * @param examples training examples processed
 * @param seconds wall-clock seconds spent training them
 * @param testAccuracy test accuracy at the end
 */
public record Throughput(long examples, double seconds, double testAccuracy) {

    public double samplesPerSecond() {
        return examples / seconds;
    }
}
