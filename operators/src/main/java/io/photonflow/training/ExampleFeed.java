package io.photonflow.training;

import io.photonflow.data.BatchPlan;
import io.photonflow.data.Dataset;
import io.photonflow.data.TrainingData;
import io.photonflow.model.Phase;
import io.photonflow.model.TrainingSpec;
import java.util.stream.IntStream;

/**
 * Minibatches of examples as the dataflow's minibatch source makes them: a seeded shuffle of the
 * training set per epoch ({@link BatchPlan}), and the validation and test sets in order.
 */
public final class ExampleFeed implements TrainingFeed {

    private final TrainingData data;
    private final BatchPlan plan;
    private final int evalBatchSize;

    /**
     * @param data the loaded examples
     * @param schedule batch sizes
     * @param dataSeed seed of the example order
     */
    public ExampleFeed(TrainingData data, TrainingSpec schedule, long dataSeed) {
        this.data = data;
        this.plan = new BatchPlan(data.train().size(), schedule.batchSize(), dataSeed);
        this.evalBatchSize = schedule.evalBatchSize();
    }

    @Override
    public int stepsPerEpoch() {
        return plan.stepsPerEpoch();
    }

    @Override
    public Batch trainingBatch(int epoch, int index) {
        return batch(data.train(), plan.batch(epoch, index));
    }

    @Override
    public int evaluationBatches(Phase phase) {
        return (evaluated(phase).size() + evalBatchSize - 1) / evalBatchSize;
    }

    @Override
    public Batch evaluationBatch(Phase phase, int index) {
        Dataset evaluated = evaluated(phase);
        int start = index * evalBatchSize;
        return batch(
                evaluated,
                IntStream.range(start, Math.min(evaluated.size(), start + evalBatchSize))
                        .toArray());
    }

    private Dataset evaluated(Phase phase) {
        return switch (phase) {
            case VALIDATION -> data.validation();
            case TEST -> data.test();
            case TRAIN, PREDICT, PUBLISH ->
                    throw new IllegalArgumentException("not an evaluation pass: " + phase);
        };
    }

    private static Batch batch(Dataset dataset, int[] rows) {
        return new Batch(dataset.rows(rows), dataset.featureCount(), dataset.labels(rows));
    }
}
