package io.photonflow.training;

import io.photonflow.avro.LayerKind;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.LayerSpec;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.math.Activation;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.Workspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network as a model snapshot holds it, checked and ready to run: its layer shapes, its weights,
 * the input scaling it was trained with and its version (the training steps applied). The forward
 * pass is the training run's evaluation pass: the same {@link Layer} code, not training (no
 * dropout), at the snapshot's step.
 */
public final class TrainedModel {

    private final ModelSnapshot snapshot;
    private final LayerKind kind;
    private final List<LayerShape> shapes;
    private final List<LayerWeights> weights;

    private TrainedModel(
            ModelSnapshot snapshot,
            LayerKind kind,
            List<LayerShape> shapes,
            List<LayerWeights> weights) {
        this.snapshot = snapshot;
        this.kind = kind;
        this.shapes = List.copyOf(shapes);
        this.weights = List.copyOf(weights);
    }

    /**
     * The model of {@code snapshot}.
     *
     * @throws IllegalArgumentException when the snapshot does not describe a network that can run:
     *     no layers, parameters that do not match the layers, widths that do not chain, an unknown
     *     activation or layer kind
     */
    public static TrainedModel of(ModelSnapshot snapshot) {
        List<LayerSpec> layers = snapshot.getLayers();
        List<LayerParameters> parameters = snapshot.getParameters();
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the snapshot describes no layers");
        }
        if (parameters.size() != layers.size()) {
            throw new IllegalArgumentException(
                    "the snapshot describes "
                            + layers.size()
                            + " layers but holds parameters of "
                            + parameters.size());
        }
        LayerKind kind = layers.get(0).getKind();
        List<LayerShape> shapes = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec layer = layers.get(l);
            if (layer.getKind() != kind || kind == LayerKind.UNKNOWN) {
                throw new IllegalArgumentException(
                        "layer " + l + " is of kind " + layer.getKind() + ", layer 0 of " + kind);
            }
            if (l > 0 && layer.getInputSize() != layers.get(l - 1).getOutputSize()) {
                throw new IllegalArgumentException(
                        "layer "
                                + l
                                + " reads "
                                + layer.getInputSize()
                                + " values but layer "
                                + (l - 1)
                                + " writes "
                                + layers.get(l - 1).getOutputSize());
            }
            checkParameters(l, layer, parameters.get(l));
            shapes.add(
                    new LayerShape(
                            l, layer.getInputSize(), layer.getOutputSize(), activation(l, layer)));
        }
        List<LayerWeights> weights = Workspaces.detached(() -> ModelSnapshots.weights(snapshot));
        return new TrainedModel(snapshot, kind, shapes, weights);
    }

    /** The snapshot this model was made from. */
    public ModelSnapshot snapshot() {
        return snapshot;
    }

    /** Whether the layers are graph convolutions, run over all nodes of a graph at once. */
    public boolean isGraph() {
        return kind == LayerKind.GRAPH_CONVOLUTION;
    }

    public List<LayerShape> shapes() {
        return shapes;
    }

    /** Width of the input features. */
    public int inputWidth() {
        return shapes.get(0).inputSize();
    }

    /** Number of classes: the classifier's width. */
    public int classes() {
        return shapes.get(shapes.size() - 1).outputSize();
    }

    /** The version of the weights: the training steps applied to them. */
    public long version() {
        return snapshot.getStep();
    }

    /** The map applied to inputs during training, to be applied again. */
    public InputScaling scaling() {
        return new InputScaling(snapshot.getInputShift(), snapshot.getInputScale());
    }

    /** The network in the usual short form, e.g. "dfa 784-1024-1024-10 tanh" or "bp gcn ...". */
    public String describe() {
        StringBuilder text = new StringBuilder(snapshot.getAlgorithm()).append(' ');
        if (isGraph()) {
            text.append("gcn ");
        }
        text.append(inputWidth());
        shapes.forEach(shape -> text.append('-').append(shape.outputSize()));
        if (shapes.size() > 1) {
            text.append(' ').append(shapes.get(0).activation().name().toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }

    /** The layers of this model, made by {@code factory} (dense ones, or graph convolutions). */
    public List<Layer> layers(LayerFactory factory) {
        List<Layer> layers = new ArrayList<>();
        for (LayerShape shape : shapes) {
            layers.add(Workspaces.detached(() -> factory.create(shape)));
        }
        return layers;
    }

    /**
     * The logits of a minibatch, as the training run's evaluation pass computes them.
     *
     * @param layers this model's {@link #layers}
     * @param input the scaled features, rows x {@link #inputWidth()}; null for graph convolutions,
     *     whose first layer holds the node features
     */
    public INDArray logits(List<Layer> layers, INDArray input) {
        INDArray h = input;
        for (int l = 0; l < layers.size(); l++) {
            LayerWeights layer = weights.get(l);
            h = layers.get(l).forward(h, layer.weights(), layer.bias(), false, version()).output();
        }
        return h;
    }

    private static void checkParameters(int l, LayerSpec layer, LayerParameters parameters) {
        if (parameters.getRows() != layer.getInputSize()
                || parameters.getCols() != layer.getOutputSize()
                || parameters.getWeights().size()
                        != (long) parameters.getRows() * parameters.getCols()
                || parameters.getBias().size() != parameters.getCols()) {
            throw new IllegalArgumentException(
                    "layer "
                            + l
                            + " is "
                            + layer.getInputSize()
                            + "x"
                            + layer.getOutputSize()
                            + " but its parameters are "
                            + parameters.getRows()
                            + "x"
                            + parameters.getCols()
                            + " with "
                            + parameters.getWeights().size()
                            + " weights and "
                            + parameters.getBias().size()
                            + " biases");
        }
    }

    private static Activation activation(int l, LayerSpec layer) {
        try {
            return Activation.valueOf(layer.getActivation().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "layer " + l + " has an unknown activation '" + layer.getActivation() + "'");
        }
    }
}
