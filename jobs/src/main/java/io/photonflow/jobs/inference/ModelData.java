package io.photonflow.jobs.inference;

import io.photonflow.avro.DeadLetter;
import io.photonflow.data.ScoringExamples;
import io.photonflow.data.SplitSource;
import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.training.TrainedModel;
import java.io.IOException;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The data a trained model runs on, as the command line names it: examples (an idx pair, idx images
 * alone, or an Avro file of {@code Example} records), or the nodes of a graph for a GCN.
 *
 * @param examples where the examples are; null for a graph
 * @param graph the graph; null for examples
 * @param split the graph's nodes to use: one split, or null for all nodes
 * @param limit examples: use only the first N records, 0 for all
 * @param batchSize examples per forward pass (a graph is run whole)
 */
public record ModelData(
        SplitSource examples,
        GraphSource graph,
        GraphDataset.Split split,
        int limit,
        int batchSize) {

    /** Receives the model's logits minibatch after minibatch. */
    @FunctionalInterface
    public interface BatchConsumer {
        /**
         * @param ids the id of every row
         * @param logits rows x classes
         * @param labels every row's label, or unlabelled
         */
        void accept(String[] ids, INDArray logits, int[] labels) throws IOException;
    }

    /** The data, read and checked against {@code model}, ready to run it. */
    public interface Loaded {

        /** What the data is, for the summary line, e.g. "10,000 examples of FILE". */
        String describe();

        /** Rows the model runs on. */
        int size();

        /** Examples that could not be used, with the reason. */
        List<DeadLetter> rejected();

        /** Runs the model over every row, in order. */
        void run(BatchConsumer consumer) throws IOException;
    }

    /**
     * Reads the data for {@code model}.
     *
     * @param purpose the command, as the source of dead letters ("predict", "evaluate")
     * @param labelledOnly leave out examples without a label (an evaluation)
     * @throws IllegalArgumentException when the data does not fit the model: another input width,
     *     more classes, or examples for a GCN (and a graph for a dense network)
     */
    public Loaded load(TrainedModel model, String purpose, boolean labelledOnly)
            throws IOException {
        if (model.isGraph() != (graph != null)) {
            throw new IllegalArgumentException(
                    model.isGraph()
                            ? "the model is a GCN ("
                                    + model.describe()
                                    + "): give the graph whose nodes it classifies, --graph DIR"
                            : "the model is a dense network ("
                                    + model.describe()
                                    + "): give examples (--images/--labels or --avro), not"
                                    + " --graph");
        }
        if (graph != null) {
            return GraphNodes.load(model, graph, split, labelledOnly);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        ScoringExamples loaded =
                ScoringExamples.load(examples, purpose, model.inputWidth(), model.classes(), limit);
        String file = examples.usesAvro() ? examples.avro() : examples.images();
        ScoringExamples used = labelledOnly ? loaded.labelledOnly() : loaded;
        if (used.size() == 0) {
            throw new IllegalArgumentException(
                    file + ": no example has a label to " + purpose + " against");
        }
        return new ExampleBatches(model, used, batchSize, file);
    }
}
