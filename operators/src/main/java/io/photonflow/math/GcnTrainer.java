package io.photonflow.math;

import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphDataset.Split;
import io.photonflow.math.SoftmaxCrossEntropy.OutputError;
import io.photonflow.math.projection.GaussianProjection;
import io.photonflow.math.sparse.CsrMatrix;
import io.photonflow.model.Algorithm;
import io.photonflow.model.NetworkSpec.LayerShape;
import io.photonflow.model.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a two-layer graph convolutional network (Kipf and Welling 2017) in one thread, one
 * full-batch step per epoch, and measures validation and test accuracy without dropout after
 * each. The layers are {@link GraphConvolution}s learned by {@link LayerLearner}s, so the loss
 * (mean cross-entropy over the training nodes), Adam, the weight decay and the initialization
 * are those of the dense networks. Features are used as given; Kipf and Welling row-normalize
 * them first ({@link GraphDataset#withRowNormalizedFeatures()}).
 *
 * <p>Two departures from Kipf and Welling's reference code, both measured harmless (BP beats the
 * published accuracy): both layers have a bias, zero at the start, which their code leaves out
 * and PyG's GCNConv keeps, so that the layers share LayerLearner and LayerWeights with the dense
 * ones; and the ReLU layer starts He-uniform, as every ReLU layer here, whose range differs from
 * Glorot's by sqrt((fanIn + fanOut) / fanIn), 0.6% for Cora's 1433 inputs and 16 outputs.
 *
 * <p>BP passes the classifier's delta down through Â, W_2 and the dropout mask of the hidden
 * layer's output. DFA gives the hidden layer (e B) ⊙ f'(a_1) instead, with B a fixed Gaussian
 * matrix, classes x hidden; only labelled training nodes carry error, and the classifier learns
 * from its true gradient as in every DFA network. As in TinyDFA, the feedback point is right
 * after the non-linearity, before the dropout the layer above applies to h_1, so the DFA signal
 * is not masked.
 */
public final class GcnTrainer {

    private final GcnSettings settings;

    public GcnTrainer(GcnSettings settings) {
        this.settings = settings;
    }

    /** Trains a freshly initialized network on {@code data}'s training nodes. */
    public Result train(GraphDataset data) {
        if (data.nodes(Split.TRAIN).length == 0) {
            throw new IllegalArgumentException("the graph has no training nodes");
        }
        Network network = Workspaces.detached(() -> new Network(data));
        int[] trainLabels = data.labelsOf(Split.TRAIN);
        int[] validationLabels = data.labelsOf(Split.VAL);
        int[] testLabels = data.labelsOf(Split.TEST);
        List<Epoch> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long step = epoch;
            double trainLoss =
                    Workspaces.step("gcn-step", () -> network.trainStep(step, trainLabels));
            epochs.add(
                    Workspaces.step(
                            "gcn-evaluation",
                            () -> network.evaluate(trainLoss, validationLabels, testLabels)));
        }
        return new Result(epochs);
    }

    /** The layers, their learners and DFA's feedback matrix for one run. */
    private final class Network {

        private final LayerLearner hidden;
        private final LayerLearner classifier;
        private final GaussianProjection feedback;

        Network(GraphDataset data) {
            CsrMatrix adjacency = CsrMatrix.normalizedAdjacency(data.nodeCount(), data.edges());
            long maskSeed = settings.seeds().data();
            long initSeed = settings.seeds().init();
            LayerShape first =
                    new LayerShape(0, data.featureCount(), settings.hidden(), Activation.RELU);
            LayerShape second =
                    new LayerShape(1, settings.hidden(), data.classCount(), Activation.IDENTITY);
            hidden =
                    LayerLearner.initial(
                            GraphConvolution.onFeatures(
                                    first, adjacency, data.features(), settings.dropout(),
                                    maskSeed),
                            adam(settings.weightDecay()),
                            settings.epochs(),
                            initSeed);
            classifier =
                    LayerLearner.initial(
                            GraphConvolution.onHidden(
                                    second, adjacency, settings.dropout(), maskSeed),
                            adam(0),
                            settings.epochs(),
                            initSeed);
            feedback =
                    settings.algorithm() == Algorithm.DFA
                            ? new GaussianProjection(
                                    data.classCount(), settings.hidden(),
                                    settings.seeds().feedback())
                            : null;
        }

        /** One full-batch step; returns the mean training loss before it. */
        double trainStep(long step, int[] trainLabels) {
            ForwardResult first = forward(hidden, null, true, step);
            INDArray logits = forward(classifier, first.output(), true, step).output();
            OutputError error = SoftmaxCrossEntropy.evaluate(logits, trainLabels);
            boolean backprop = settings.algorithm() == Algorithm.BP;
            INDArray backpropagated =
                    classifier.learn(first.output(), null, error.error(), backprop)
                            .backpropagated();
            INDArray signal = backprop ? backpropagated : feedback.project(error.error());
            hidden.learn(null, first.derivative(), signal, false);
            return error.lossSum() / error.rows();
        }

        Epoch evaluate(double trainLoss, int[] validationLabels, int[] testLabels) {
            INDArray h = forward(hidden, null, false, 0).output();
            INDArray logits = forward(classifier, h, false, 0).output();
            OutputError validation = SoftmaxCrossEntropy.evaluate(logits, validationLabels);
            OutputError test = SoftmaxCrossEntropy.evaluate(logits, testLabels);
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

    /** Adam with the paper's moments (TensorFlow's defaults) and a constant learning rate. */
    private OptimizerSpec adam(double weightDecay) {
        return new OptimizerSpec(
                OptimizerSpec.Kind.ADAM,
                settings.learningRate(),
                0,
                0.9,
                0.999,
                1e-8,
                weightDecay,
                OptimizerSpec.Schedule.CONSTANT);
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
     */
    public record Result(List<Epoch> epochs) {

        public Result {
            epochs = List.copyOf(epochs);
        }

        /**
         * The epoch (0-based) with the highest validation accuracy; ties go to the lower
         * validation loss, then to the earlier epoch.
         */
        public int bestEpoch() {
            int best = 0;
            for (int i = 1; i < epochs.size(); i++) {
                Epoch candidate = epochs.get(i);
                Epoch incumbent = epochs.get(best);
                if (candidate.validationAccuracy() > incumbent.validationAccuracy()
                        || (candidate.validationAccuracy() == incumbent.validationAccuracy()
                                && candidate.validationLoss() < incumbent.validationLoss())) {
                    best = i;
                }
            }
            return best;
        }

        /** Test accuracy at {@link #bestEpoch()}: model selection on validation alone. */
        public double testAccuracyAtBestValidation() {
            return epochs.get(bestEpoch()).testAccuracy();
        }
    }
}
