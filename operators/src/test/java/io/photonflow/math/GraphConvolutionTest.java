package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.sparse.CsrMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphConvolutionTest {

    private static final int UNLABELLED = SoftmaxCrossEntropy.UNLABELLED;

    /** Nodes 0 and 1 joined, node 2 alone: Â = [[.5, .5, 0], [.5, .5, 0], [0, 0, 1]]. */
    private static final CsrMatrix PAIR_AND_SINGLE =
            CsrMatrix.normalizedAdjacency(3, new int[][] {{0, 1}});

    @Test
    void forwardOverSparseFeaturesMatchesHandComputedValues() {
        // X = [[1, 0], [0, 2], [1, 1]]; W = [[1, -1], [0.5, 2]]; b = [0.5, -1]
        // X W = [[1, -1], [1, 4], [1.5, 1]]; Â X W = [[1, 1.5], [1, 1.5], [1.5, 1]]
        // a = [[1.5, 0.5], [1.5, 0.5], [2, 0]]; ReLU keeps a; f'(0) = 0
        CsrMatrix features =
                new CsrMatrix(
                        3,
                        2,
                        new int[] {0, 1, 2, 4},
                        new int[] {0, 1, 0, 1},
                        new float[] {1f, 2f, 1f, 1f});
        GraphConvolution layer =
                GraphConvolution.onFeatures(
                        new LayerShape(0, 2, 2, Activation.RELU), PAIR_AND_SINGLE, features, 0, 1);

        ForwardResult result =
                layer.forward(
                        null,
                        NdArrays.matrix(new float[] {1f, -1f, 0.5f, 2f}, 2, 2),
                        NdArrays.vector(new float[] {0.5f, -1f}),
                        true,
                        1);

        assertThat(NdArrays.toFloats(result.output()))
                .containsExactly(1.5f, 0.5f, 1.5f, 0.5f, 2f, 0f);
        assertThat(NdArrays.toFloats(result.derivative())).containsExactly(1f, 1f, 1f, 1f, 1f, 0f);
    }

    @Test
    void gradientsAndBackpropagationOverAHiddenInputMatchHandComputedValues() {
        // H = [[1, 2], [3, 4], [5, 6]]; delta = [[1, 0], [0, 0], [0, 2]]; W = [[1, -1], [.5, 2]]
        // Â^T delta = [[.5, 0], [.5, 0], [0, 2]]
        // dW = H^T Â^T delta = [[2, 10], [3, 12]]; db = [1, 2]
        // Â^T delta W^T = [[.5, .25], [.5, .25], [-2, 4]]
        GraphConvolution layer =
                GraphConvolution.onHidden(
                        new LayerShape(1, 2, 2, Activation.IDENTITY), PAIR_AND_SINGLE, 0, 1);
        INDArray h = NdArrays.matrix(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 3, 2);
        INDArray delta = NdArrays.matrix(new float[] {1f, 0f, 0f, 0f, 0f, 2f}, 3, 2);
        INDArray w = NdArrays.matrix(new float[] {1f, -1f, 0.5f, 2f}, 2, 2);

        Gradients gradients = layer.gradients(h, delta, 3);

        assertThat(NdArrays.toFloats(gradients.weights())).containsExactly(2f, 10f, 3f, 12f);
        assertThat(NdArrays.toFloats(gradients.bias())).containsExactly(1f, 2f);
        assertThat(NdArrays.toFloats(layer.backpropagate(delta, w, 3)))
                .containsExactly(0.5f, 0.25f, 0.5f, 0.25f, -2f, 4f);
    }

    @ParameterizedTest
    @EnumSource(
            value = Activation.class,
            names = {"TANH", "RELU"})
    void bothLayersGradientsMatchFiniteDifferencesOfTheMaskedMeanLoss(Activation activation) {
        Network net = new Network(activation, 0.5);
        long step = 7;

        ForwardResult hidden = net.first.forward(null, net.w1, net.b1, true, step);
        INDArray logits = net.second.forward(hidden.output(), net.w2, net.b2, true, step).output();
        INDArray error = SoftmaxCrossEntropy.evaluate(logits, net.labels).error();
        Gradients g2 = net.second.gradients(hidden.output(), error, step);
        INDArray signal = net.second.backpropagate(error, net.w2, step);
        INDArray delta1 = net.first.delta(signal, hidden.derivative());
        Gradients g1 = net.first.gradients(null, delta1, step);

        Loss loss = () -> net.meanLoss(step);
        checkAgainstFiniteDifferences(net.w1, g1.weights(), loss);
        checkAgainstFiniteDifferences(net.b1, g1.bias(), loss);
        checkAgainstFiniteDifferences(net.w2, g2.weights(), loss);
        checkAgainstFiniteDifferences(net.b2, g2.bias(), loss);
    }

    @Test
    void unlabelledNodesCarryNoErrorToTheClassifier() {
        Network net = new Network(Activation.TANH, 0);
        INDArray h = net.first.forward(null, net.w1, net.b1, false, 0).output();
        INDArray logits = net.second.forward(h, net.w2, net.b2, false, 0).output();

        INDArray error = SoftmaxCrossEntropy.evaluate(logits, net.labels).error();

        for (int node = 0; node < net.labels.length; node++) {
            if (net.labels[node] == UNLABELLED) {
                assertThat(error.getRow(node).norm2Number().doubleValue()).isZero();
            }
        }
    }

    @Test
    void dropoutMasksAreAFunctionOfSeedStepAndLayer() {
        // With no edges Â = I, so an identity layer with W = I and b = 0 outputs drop(H).
        CsrMatrix noEdges = CsrMatrix.normalizedAdjacency(50, new int[0][]);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 50, 8);

        float[] mask = dropped(noEdges, 1, 42, 5, ones);

        assertThat(dropped(noEdges, 1, 42, 5, ones)).containsExactly(mask);
        assertThat(dropped(noEdges, 1, 42, 6, ones)).isNotEqualTo(mask);
        assertThat(dropped(noEdges, 2, 42, 5, ones)).isNotEqualTo(mask);
        assertThat(dropped(noEdges, 1, 43, 5, ones)).isNotEqualTo(mask);
        int zeros = 0;
        for (float value : mask) {
            assertThat(value).isIn(0f, 2f);
            zeros += value == 0f ? 1 : 0;
        }
        // 400 draws at p = 0.5: the count lies within 4 standard deviations (10) of 200.
        assertThat(zeros).isBetween(160, 240);
    }

    @Test
    void inferenceDropsNothing() {
        CsrMatrix noEdges = CsrMatrix.normalizedAdjacency(4, new int[0][]);
        GraphConvolution layer =
                GraphConvolution.onHidden(
                        new LayerShape(1, 3, 3, Activation.IDENTITY), noEdges, 0.9, 1);
        INDArray h = DenseLayerTest.random(4, 3, 5);

        INDArray output =
                layer.forward(
                                h,
                                Nd4j.eye(3).castTo(DataType.FLOAT),
                                Nd4j.zeros(DataType.FLOAT, 3),
                                false,
                                1)
                        .output();

        assertThat(NdArrays.toFloats(output)).containsExactly(NdArrays.toFloats(h));
    }

    @Test
    void theFeatureLayerReadsOnlyItsOwnFeaturesAndHasNothingBelow() {
        Network net = new Network(Activation.RELU, 0.5);

        assertThatThrownBy(
                        () ->
                                net.first.forward(
                                        Nd4j.zeros(DataType.FLOAT, 6, 5), net.w1, net.b1, true, 1))
                .hasMessageContaining("layer 0 reads the node features itself");
        assertThatThrownBy(() -> net.second.forward(null, net.w2, net.b2, true, 1))
                .hasMessageContaining("layer 1 reads the layer below");
        assertThatThrownBy(
                        () -> net.first.backpropagate(Nd4j.zeros(DataType.FLOAT, 6, 4), net.w1, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no layer below");
    }

    @Test
    void shapeErrorsNameTheLayerAndTheShapes() {
        Network net = new Network(Activation.RELU, 0.5);

        assertThatThrownBy(
                        () ->
                                net.second.forward(
                                        Nd4j.zeros(DataType.FLOAT, 5, 4), net.w2, net.b2, true, 1))
                .hasMessageContaining("layer 1: input must be 6x4, got shape [5, 4]");
        assertThatThrownBy(() -> net.first.forward(null, net.w2, net.b1, true, 1))
                .hasMessageContaining("layer 0: weights must be 5x4, got shape [4, 3]");
        assertThatThrownBy(
                        () ->
                                GraphConvolution.onFeatures(
                                        new LayerShape(0, 4, 4, Activation.RELU),
                                        net.adjacency,
                                        net.features,
                                        0.5,
                                        1))
                .hasMessageContaining("features must be 6x4, got 6x5");
    }

    private static float[] dropped(
            CsrMatrix noEdges, int layerIndex, long seed, long step, INDArray input) {
        int width = input.columns();
        GraphConvolution layer =
                GraphConvolution.onHidden(
                        new LayerShape(layerIndex, width, width, Activation.IDENTITY),
                        noEdges,
                        0.5,
                        seed);
        INDArray identity = Nd4j.eye(width).castTo(DataType.FLOAT);
        return NdArrays.toFloats(
                layer.forward(input, identity, Nd4j.zeros(DataType.FLOAT, width), true, step)
                        .output());
    }

    /** A 2-layer GCN on a 6-node graph with 5 sparse features, 4 hidden units and 3 classes. */
    private static final class Network {

        final CsrMatrix adjacency =
                CsrMatrix.normalizedAdjacency(
                        6, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 2}});
        final CsrMatrix features =
                new CsrMatrix(
                        6,
                        5,
                        new int[] {0, 2, 3, 5, 6, 8, 9},
                        new int[] {0, 3, 1, 2, 4, 0, 1, 3, 4},
                        new float[] {1f, 0.5f, 2f, 1f, -1f, 1.5f, 0.5f, 1f, 2f});
        final int[] labels = {0, 2, UNLABELLED, 1, UNLABELLED, 2};
        final GraphConvolution first;
        final GraphConvolution second;
        final INDArray w1 = DenseLayerTest.random(5, 4, 11);
        final INDArray b1 = DenseLayerTest.random(4, 12);
        final INDArray w2 = DenseLayerTest.random(4, 3, 13);
        final INDArray b2 = DenseLayerTest.random(3, 14);

        Network(Activation activation, double dropout) {
            first =
                    GraphConvolution.onFeatures(
                            new LayerShape(0, 5, 4, activation), adjacency, features, dropout, 99);
            second =
                    GraphConvolution.onHidden(
                            new LayerShape(1, 4, 3, Activation.IDENTITY), adjacency, dropout, 99);
        }

        /** The mean cross-entropy over the labelled nodes, with step's dropout masks. */
        double meanLoss(long step) {
            INDArray h = first.forward(null, w1, b1, true, step).output();
            INDArray z = second.forward(h, w2, b2, true, step).output();
            SoftmaxCrossEntropy.OutputError error = SoftmaxCrossEntropy.evaluate(z, labels);
            return error.lossSum() / error.rows();
        }
    }

    private interface Loss {
        double value();
    }

    /** Central differences on every entry of {@code parameter}, which is perturbed in place. */
    private static void checkAgainstFiniteDifferences(
            INDArray parameter, INDArray analytic, Loss loss) {
        double eps = 1e-2;
        float[] expected = NdArrays.toFloats(analytic);
        int nonZero = 0;
        for (int i = 0; i < parameter.length(); i++) {
            float original = parameter.getFloat(i);
            parameter.putScalar(i, original + eps);
            double up = loss.value();
            parameter.putScalar(i, original - eps);
            double down = loss.value();
            parameter.putScalar(i, original);
            double numeric = (up - down) / (2 * eps);
            nonZero += numeric != 0 ? 1 : 0;
            assertThat((double) expected[i])
                    .as("entry %d", i)
                    .isCloseTo(numeric, within(2e-3 + 1e-2 * Math.abs(numeric)));
        }
        // A check where every gradient is 0 would prove nothing.
        assertThat(nonZero).isPositive();
    }
}
