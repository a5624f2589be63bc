package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.model.Schedule;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The examples of a training run: the usable training and test examples, and every example that
 * was rejected, with the reason.
 *
 * @param train usable training examples
 * @param test usable test examples
 * @param rejected dead letters of both splits, training first
 * @param scaling the map applied to the features of both splits
 */
public record TrainingData(
        Dataset train, Dataset test, List<DeadLetter> rejected, InputScaling scaling) {

    /** The run over this data: the epochs' training steps and test minibatches. */
    public Schedule schedule(int batchSize, int evalBatchSize, int epochs) {
        int steps = (train.size() + batchSize - 1) / batchSize;
        int testBatches = (test.size() + evalBatchSize - 1) / evalBatchSize;
        return new Schedule(epochs, steps, 0, testBatches);
    }

    /**
     * Loads a job's data; serializable, so that the operator that needs the data loads it where
     * it runs.
     *
     * @param spec where the examples are
     * @param featureCount the network's input width
     * @param classes the network's number of classes
     */
    public record Loader(DataSpec spec, int featureCount, int classes) implements Serializable {

        public TrainingData load() throws IOException {
            LoadedSplit train =
                    DatasetLoader.load(spec.train(), "train", featureCount, classes, spec.trainLimit());
            LoadedSplit test =
                    DatasetLoader.load(spec.test(), "test", featureCount, classes, spec.testLimit());
            if (train.dataset().size() == 0) {
                throw new IllegalArgumentException(
                        "the training set has no usable example (" + train.rejected().size()
                                + " rejected)");
            }
            if (test.dataset().size() == 0) {
                throw new IllegalArgumentException(
                        "the test set has no usable example (" + test.rejected().size()
                                + " rejected)");
            }
            List<DeadLetter> rejected = new ArrayList<>(train.rejected());
            rejected.addAll(test.rejected());
            InputScaling scaling =
                    spec.normalization() == DataSpec.Normalization.STANDARDIZE
                            ? InputScaling.standardizing(train.dataset())
                            : InputScaling.IDENTITY;
            return new TrainingData(
                    scaling.apply(train.dataset()), scaling.apply(test.dataset()), rejected, scaling);
        }
    }
}
