package io.photonflow.math;

import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphDataset.Split;
import io.photonflow.math.SoftmaxCrossEntropy.OutputError;
import io.photonflow.math.projection.FeedbackProjection;
import io.photonflow.math.projection.Projections;
import io.photonflow.model.Algorithm;
import io.photonflow.model.ModelSelection;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.NetworkSpec.LayerShape;
import io.photonflow.model.TrainingSetup;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reference trainer of graph convolutional networks (Kipf and Welling 2017): in one thread,
 * one full-batch step per epoch, validation and test accuracy without dropout after each. The
 * layers are {@link GraphConvolution}s made by {@link GraphLayers} and learned by {@link
 * LayerLearner}s, so the loss (mean cross-entropy over the training nodes), the optimizer, the
 * weight decay (first layer only, {@link TrainingSetup#optimizerOf}) and the initialization are
 * those of the dense networks, and the dataflow computes bit for bit the same weights (staleness
 * 0: the forward pass of step k uses the weights after step k-1). Features are used as given;
 * Kipf and Welling row-normalize them first ({@link GraphDataset#withRowNormalizedFeatures()}).
 *
 * <p>Two departures from Kipf and Welling's reference code, both measured harmless (BP beats the
 * published accuracy): both layers have a bias, zero at the start, which their code leaves out
 * and PyG's GCNConv keeps, so that the layers share LayerLearner and LayerWeights with the dense
 * ones; and the ReLU layer starts He-uniform, as every ReLU layer here, whose range differs from
 * Glorot's by sqrt((fanIn + fanOut) / fanIn), 0.6% for Cora's 1433 inputs and 16 outputs.
 *
 * <p>BP passes each layer's delta down through Â, W_l and the dropout mask of the layer's input.
 * DFA gives every hidden layer (e B_l) ⊙ f'(a_l) instead, with B the configured projection
 * (classes x the hidden widths); only labelled training nodes carry error, and the classifier
 * learns from its true gradient as in every DFA network. As in TinyDFA, the feedback point is right
 * after the non-linearity, before the dropout the layer above applies to h_1, so the DFA signal
 * is not masked.
 */
public final class GcnTrainer {

    private final TrainingSetup setup;

    /** A trainer of {@code setup}'s network, which must be a gcn, at staleness 0. */
    public GcnTrainer(TrainingSetup setup) {
        if (setup.network().kind() != NetworkSpec.Kind.GCN) {
            throw new IllegalArgumentException("not a gcn network: " + setup.network().describe());
        }
        if (setup.training().staleness() != 0) {
            throw new IllegalArgumentException(
                    "the graph reference trainer runs at staleness 0, got "
                            + setup.training().staleness());
        }
        this.setup = setup;
    }

    /** Trains a freshly initialized network on {@code data}'s training nodes. */
    public Result train(GraphDataset data) {
        if (data.nodes(Split.TRAIN).length == 0) {
            throw new IllegalArgumentException("the graph has no training nodes");
        }
        NetworkSpec network = setup.network();
        if (network.input() != data.featureCount() || network.classes() != data.classCount()) {
            throw new IllegalArgumentException(
                    "the network " + network.describe() + " does not fit the graph's "
                            + data.featureCount() + " features and " + data.classCount()
                            + " classes");
        }
        Network model = Workspaces.detached(() -> new Network(data));
        int[] trainLabels = data.labelsOf(Split.TRAIN);
        int[] validationLabels = data.labelsOf(Split.VAL);
        int[] testLabels = data.labelsOf(Split.TEST);
        List<Epoch> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= setup.training().epochs(); epoch++) {
            long step = epoch;
            double trainLoss =
                    Workspaces.step("gcn-step", () -> model.trainStep(step, trainLabels));
            epochs.add(
                    Workspaces.step(
                            "gcn-evaluation",
                            () -> model.evaluate(trainLoss, validationLabels, testLabels)));
        }
        List<LayerWeights> weights = new ArrayList<>();
        for (LayerLearner learner : model.learners) {
            LayerWeights copy = LayerWeights.detachedZeros(learner.layer().shape());
            copy.assign(learner.weights());
            weights.add(copy);
        }
        return new Result(epochs, weights);
    }

    /** The layers, their learners and DFA's projection for one run. */
    private final class Network {

        private final List<LayerLearner> learners = new ArrayList<>();
        private final FeedbackProjection feedback;

        Network(GraphDataset data) {
            GraphLayers layers =
                    GraphLayers.of(data, setup.network().dropout(), setup.seeds().data());
            for (LayerShape shape : setup.network().layers()) {
                learners.add(
                        LayerLearner.initial(
                                layers.create(shape),
                                setup.optimizerOf(shape.index()),
                                setup.training().epochs(),
                                setup.seeds().init()));
            }
            feedback =
                    setup.algorithm() == Algorithm.DFA && learners.size() > 1
                            ? Projections.create(
                                    setup.projection(),
                                    setup.network().classes(),
                                    setup.network().totalHiddenWidth(),
                                    setup.seeds().feedback())
                            : null;
        }

        /** One full-batch step; returns the mean training loss before it. */
        double trainStep(long step, int[] trainLabels) {
            int depth = learners.size();
            List<INDArray> inputs = new ArrayList<>();
            List<INDArray> derivatives = new ArrayList<>();
            INDArray activations = null;
            for (LayerLearner learner : learners) {
                inputs.add(activations);
                ForwardResult result = forward(learner, activations, true, step);
                derivatives.add(result.derivative());
                activations = result.output();
            }
            OutputError error = SoftmaxCrossEntropy.evaluate(activations, trainLabels);
            boolean backprop = setup.algorithm() == Algorithm.BP;
            List<INDArray> projected =
                    feedback == null
                            ? null
                            : Projections.split(
                                    feedback.project(error.error()), setup.network().hidden());
            INDArray signal = error.error();
            for (int l = depth - 1; l >= 0; l--) {
                boolean classifier = l == depth - 1;
                INDArray layerSignal = classifier || backprop ? signal : projected.get(l);
                INDArray backpropagated =
                        learners.get(l)
                                .learn(
                                        inputs.get(l),
                                        classifier ? null : derivatives.get(l),
                                        layerSignal,
                                        backprop && l > 0)
                                .backpropagated();
                signal = backpropagated;
            }
            return error.lossSum() / error.rows();
        }

        Epoch evaluate(double trainLoss, int[] validationLabels, int[] testLabels) {
            INDArray activations = null;
            for (LayerLearner learner : learners) {
                activations = forward(learner, activations, false, 0).output();
            }
            OutputError validation = SoftmaxCrossEntropy.evaluate(activations, validationLabels);
            OutputError test = SoftmaxCrossEntropy.evaluate(activations, testLabels);
            return new Epoch(
                    trainLoss,
                    validation.lossSum() / validation.rows(),
                    accuracy(validation),
                    accuracy(test));
        }

        private ForwardResult forward(
                LayerLearner learner, INDArray input, boolean training, long step) {
            LayerWeights weights = learner.weights();
            return learner.layer()
                    .forward(input, weights.weights(), weights.bias(), training, step);
        }
    }

    private static double accuracy(OutputError evaluation) {
        return evaluation.rows() == 0
                ? Double.NaN
                : (double) evaluation.correct() / evaluation.rows();
    }

    /**
     * The state of the network after one epoch.
     *
     * @param trainLoss mean cross-entropy of the training nodes in the epoch's training pass
     *     (with dropout, before the update)
     * @param validationLoss mean cross-entropy of the validation nodes, without dropout
     * @param validationAccuracy fraction of validation nodes classified correctly
     * @param testAccuracy fraction of test nodes classified correctly
     */
    public record Epoch(
            double trainLoss,
            double validationLoss,
            double validationAccuracy,
            double testAccuracy) {}

    /**
     * What a run produced.
     *
     * @param epochs one entry per epoch, in order
     * @param weights the final weights of every layer, input to output
     */
    public record Result(List<Epoch> epochs, List<LayerWeights> weights) {

        public Result {
            epochs = List.copyOf(epochs);
            weights = List.copyOf(weights);
        }

        /**
         * The epoch (0-based) with the highest validation accuracy; ties go to the lower
         * validation loss, then to the earlier epoch.
         */
        public int bestEpoch() {
            return ModelSelection.bestEpoch(
                    epochs.size(),
                    i -> epochs.get(i).validationAccuracy(),
                    i -> epochs.get(i).validationLoss());
        }

        /** Test accuracy at {@link #bestEpoch()}: model selection on validation alone. */
        public double testAccuracyAtBestValidation() {
            return epochs.get(bestEpoch()).testAccuracy();
        }
    }
}
