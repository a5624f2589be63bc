package io.photonflow.training;

import io.photonflow.model.Phase;
import java.util.Arrays;
import java.util.List;

/**
 * The training minibatches an online job makes of a stream's labelled examples: every {@code
 * batchSize} of them in log order one step, and the examples left at the end of a bounded stream
 * one last, smaller step. There are no evaluation passes (online, every example is scored before it
 * is learned from), and the length of the stream is unknown to the learning-rate schedule.
 */
public final class StreamFeed implements TrainingFeed {

    private final List<float[]> features;
    private final int[] labels;
    private final int featureCount;
    private final int batchSize;

    /**
     * @param features the labelled examples' features, in log order
     * @param labels their classes
     * @param featureCount the width of every feature vector
     * @param batchSize labelled examples per step
     */
    public StreamFeed(List<float[]> features, int[] labels, int featureCount, int batchSize) {
        if (features.size() != labels.length) {
            throw new IllegalArgumentException(
                    features.size() + " feature vectors but " + labels.length + " labels");
        }
        this.features = List.copyOf(features);
        this.labels = labels.clone();
        this.featureCount = featureCount;
        this.batchSize = batchSize;
    }

    @Override
    public int stepsPerEpoch() {
        return (labels.length + batchSize - 1) / batchSize;
    }

    @Override
    public long scheduledSteps(int epochs) {
        return 0;
    }

    @Override
    public Batch trainingBatch(int epoch, int index) {
        int from = index * batchSize;
        int to = Math.min(labels.length, from + batchSize);
        float[] rows = new float[(to - from) * featureCount];
        for (int r = from; r < to; r++) {
            System.arraycopy(features.get(r), 0, rows, (r - from) * featureCount, featureCount);
        }
        return new Batch(rows, featureCount, Arrays.copyOfRange(labels, from, to));
    }

    @Override
    public int evaluationBatches(Phase phase) {
        return 0;
    }

    @Override
    public Batch evaluationBatch(Phase phase, int index) {
        throw new IllegalArgumentException("a stream has no evaluation passes");
    }
}
