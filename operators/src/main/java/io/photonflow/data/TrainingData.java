package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.model.Schedule;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The examples of a training run: the usable training, validation and test examples, and every
 * example that was rejected, with the reason.
 *
 * @param train usable training examples
 * @param validation held-out training examples, evaluated after every epoch; may be empty
 * @param test usable test examples
 * @param rejected dead letters of both splits, training first
 * @param scaling the map applied to the features of both splits
 */
public record TrainingData(
        Dataset train,
        Dataset validation,
        Dataset test,
        List<DeadLetter> rejected,
        InputScaling scaling) {

    /** The run over this data: the epochs' training steps, validation and test minibatches. */
    public Schedule schedule(int batchSize, int evalBatchSize, int epochs) {
        return new Schedule(
                epochs,
                batches(train, batchSize),
                batches(validation, evalBatchSize),
                batches(test, evalBatchSize));
    }

    private static int batches(Dataset dataset, int batchSize) {
        return (dataset.size() + batchSize - 1) / batchSize;
    }

    /**
     * Loads a job's data; serializable, so that the operator that needs the data loads it where it
     * runs.
     *
     * @param spec where the examples are
     * @param featureCount the network's input width
     * @param classes the network's number of classes
     * @param givenScaling the input scaling of a model the run starts from, which replaces the one
     *     {@code spec}'s normalization would fit; null for none
     */
    public record Loader(DataSpec spec, int featureCount, int classes, InputScaling givenScaling)
            implements Serializable {

        /** A loader that fits the scaling that {@code spec}'s normalization asks for. */
        public Loader(DataSpec spec, int featureCount, int classes) {
            this(spec, featureCount, classes, null);
        }

        /** The examples, read once per process while the files stay unchanged. */
        public TrainingData load() throws IOException {
            return ProcessCache.get(this, files(), this::read);
        }

        private List<Path> files() {
            List<Path> files = new ArrayList<>();
            for (SplitSource split : List.of(spec.train(), spec.test())) {
                for (String file : new String[] {split.images(), split.labels(), split.avro()}) {
                    if (file != null && !file.isBlank()) {
                        files.add(Path.of(file));
                    }
                }
            }
            return files;
        }

        private TrainingData read() throws IOException {
            boolean standardizing =
                    givenScaling == null
                            && spec.normalization() == DataSpec.Normalization.STANDARDIZE;
            LoadedSplit train =
                    DatasetLoader.load(
                            spec.train(),
                            "train",
                            featureCount,
                            classes,
                            spec.trainLimit(),
                            standardizing);
            LoadedSplit test =
                    DatasetLoader.load(
                            spec.test(), "test", featureCount, classes, spec.testLimit());
            int trainSize = train.dataset().size() - spec.validationSize();
            if (trainSize <= 0) {
                throw new IllegalArgumentException(
                        "the training set has "
                                + train.dataset().size()
                                + " usable examples ("
                                + train.rejected().size()
                                + " rejected), none left after "
                                + "holding out data.validation-size="
                                + spec.validationSize());
            }
            if (test.dataset().size() == 0) {
                throw new IllegalArgumentException(
                        "the test set has no usable example ("
                                + test.rejected().size()
                                + " rejected)");
            }
            List<DeadLetter> rejected = new ArrayList<>(train.rejected());
            rejected.addAll(test.rejected());
            Dataset learned = train.dataset().slice(0, trainSize);
            Dataset validation = train.dataset().slice(trainSize, train.dataset().size());
            // Statistics of the examples trained on only: the validation set stays unseen.
            InputScaling scaling =
                    givenScaling != null
                            ? givenScaling
                            : standardizing
                                    ? InputScaling.standardizing(learned)
                                    : InputScaling.IDENTITY;
            return new TrainingData(
                    scaling.apply(learned),
                    scaling.apply(validation),
                    scaling.apply(test.dataset()),
                    rejected,
                    scaling);
        }
    }
}
