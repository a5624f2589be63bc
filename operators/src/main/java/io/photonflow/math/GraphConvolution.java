package io.photonflow.math;

import io.photonflow.math.sparse.CsrMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph convolution layer (Kipf and Welling 2017) over all nodes of a graph at once: a = Â
 * (drop(H) W) + b and h = f(a), with Â = D^-1/2 (A + I) D^-1/2 and drop inverted dropout on the
 * layer's input (each entry kept with probability q = 1 - dropout and then scaled by 1/q, so that
 * no rescaling is needed without dropout).
 *
 * <p>The layer that reads the node features holds them itself, as a sparse matrix; its input
 * argument is null. Every later layer reads the dense output of the layer below. Dropout on the
 * features acts on their stored non-zeros, as in Kipf and Welling's sparse dropout.
 *
 * <p>The dropout mask of a training pass is a function of (seed, step, layer index) alone, so that
 * the update side recomputes the mask the forward pass used instead of receiving it.
 *
 * <p>Where the mask enters the backward pass. With D = drop(H) = H ⊙ M (M: 0 or 1/q per entry):
 *
 * <ul>
 *   <li>dW = D^T (Â^T delta): the weights see the dropped input, as in the forward pass;
 *   <li>db = the column sums of delta;
 *   <li>dL/dH = (Â^T delta W^T) ⊙ M: what BP hands to the layer below, which then multiplies by its
 *       own f'. Entries dropped in the forward pass get no signal, and the mask is this layer's
 *       (drawn under this layer's index), applied here rather than below.
 * </ul>
 *
 * delta is the gradient of the mean loss over the labelled training nodes with respect to a; the
 * output error carries the division by their number, so rows of unlabelled nodes are zero at the
 * classifier. Stateless: parameters are passed in.
 */
public final class GraphConvolution implements Layer {

    private final LayerShape shape;
    private final CsrMatrix adjacency;
    private final CsrMatrix features;
    private final double dropout;
    private final long seed;

    private GraphConvolution(
            LayerShape shape, CsrMatrix adjacency, CsrMatrix features, double dropout, long seed) {
        if (adjacency.rows() != adjacency.columns()) {
            throw new IllegalArgumentException(
                    "layer "
                            + shape.index()
                            + ": the adjacency matrix must be square, got "
                            + adjacency.rows()
                            + "x"
                            + adjacency.columns());
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(
                    "layer " + shape.index() + ": dropout must be in [0, 1), got " + dropout);
        }
        this.shape = shape;
        this.adjacency = adjacency;
        this.features = features;
        this.dropout = dropout;
        this.seed = seed;
    }

    /**
     * The first layer, which reads the node features it is given here.
     *
     * @param adjacency Â, nodes x nodes
     * @param features nodes x shape.inputSize()
     * @param dropout probability of dropping each stored feature entry while training
     * @param seed seed of the dropout masks
     */
    public static GraphConvolution onFeatures(
            LayerShape shape, CsrMatrix adjacency, CsrMatrix features, double dropout, long seed) {
        if (features.rows() != adjacency.rows() || features.columns() != shape.inputSize()) {
            throw new IllegalArgumentException(
                    "layer "
                            + shape.index()
                            + ": features must be "
                            + adjacency.rows()
                            + "x"
                            + shape.inputSize()
                            + ", got "
                            + features.rows()
                            + "x"
                            + features.columns());
        }
        return new GraphConvolution(shape, adjacency, features, dropout, seed);
    }

    /**
     * A layer that reads the dense output of the layer below.
     *
     * @param adjacency Â, nodes x nodes
     * @param dropout probability of dropping each input entry while training
     * @param seed seed of the dropout masks
     */
    public static GraphConvolution onHidden(
            LayerShape shape, CsrMatrix adjacency, double dropout, long seed) {
        return new GraphConvolution(shape, adjacency, null, dropout, seed);
    }

    @Override
    public LayerShape shape() {
        return shape;
    }

    /**
     * The forward pass over all nodes.
     *
     * @param input H, nodes x inputSize; null for the layer that reads the features
     * @param training whether to drop inputs and return f'(a)
     * @param step the training step, which selects the dropout mask
     */
    @Override
    public ForwardResult forward(
            INDArray input, INDArray weights, INDArray bias, boolean training, long step) {
        return shape.activation()
                .forward(
                        adjacency.times(inputTimes(input, weights, training, step)),
                        bias,
                        training);
    }

    /** signal ⊙ f'(a), or the signal itself for the classifier (derivative null). */
    @Override
    public INDArray delta(INDArray signal, INDArray derivative) {
        checkShape(signal, adjacency.rows(), shape.outputSize(), "learning signal");
        return derivative == null ? signal : signal.mul(derivative);
    }

    /** dW = drop(H)^T (Â^T delta) and db = the column sums of delta, with step's mask. */
    @Override
    public Gradients gradients(INDArray input, INDArray delta, long step) {
        checkShape(delta, adjacency.rows(), shape.outputSize(), "delta");
        INDArray spread = adjacency.transposeTimes(delta);
        INDArray weights =
                features != null
                        ? droppedFeatures(true, step).transposeTimes(spread)
                        : NdArrays.product(
                                droppedHidden(checkedHidden(input), step), spread, true, false);
        return new Gradients(weights, NdArrays.columnSums(delta));
    }

    /**
     * Backprop's signal for the layer below: (Â^T delta W^T) ⊙ M, with M step's dropout mask of
     * this layer's input and W the weights before this step's update. The first layer has no layer
     * below.
     */
    @Override
    public INDArray backpropagate(INDArray delta, INDArray weights, long step) {
        if (features != null) {
            throw new IllegalStateException(
                    "layer "
                            + shape.index()
                            + " reads the node features: there is no layer "
                            + "below it to backpropagate to");
        }
        checkShape(delta, adjacency.rows(), shape.outputSize(), "delta");
        return droppedHidden(
                NdArrays.product(adjacency.transposeTimes(delta), weights, false, true), step);
    }

    /** drop(H) W while training, H W otherwise. */
    private INDArray inputTimes(INDArray input, INDArray weights, boolean training, long step) {
        checkShape(weights, shape.inputSize(), shape.outputSize(), "weights");
        if (features != null) {
            if (input != null) {
                throw new IllegalArgumentException(
                        "layer "
                                + shape.index()
                                + " reads the node features itself: its input "
                                + "must be null");
            }
            return droppedFeatures(training, step).times(weights);
        }
        INDArray hidden = checkedHidden(input);
        return NdArrays.product(
                training ? droppedHidden(hidden, step) : hidden, weights, false, false);
    }

    private CsrMatrix droppedFeatures(boolean training, long step) {
        return training && dropout > 0
                ? features.withEntriesScaled(mask(step, features.nonZeros()))
                : features;
    }

    /** {@code values} ⊙ M, for values shaped like this layer's (dense) input. */
    private INDArray droppedHidden(INDArray values, long step) {
        if (dropout == 0) {
            return values;
        }
        int rows = adjacency.rows();
        int columns = shape.inputSize();
        return values.mul(NdArrays.matrix(mask(step, rows * columns), rows, columns));
    }

    /** Inverted dropout factors: 0 with probability dropout, 1/(1 - dropout) otherwise. */
    private float[] mask(long step, int size) {
        // Mixing each part keeps the streams of neighbouring steps and layers apart (plain
        // SplittableRandom seeds that differ by its increment give shifted copies of one stream).
        SplittableRandom random = new SplittableRandom(mix(mix(mix(seed) ^ step) ^ shape.index()));
        float kept = (float) (1 / (1 - dropout));
        float[] factors = new float[size];
        for (int i = 0; i < size; i++) {
            factors[i] = random.nextDouble() < dropout ? 0f : kept;
        }
        return factors;
    }

    /** The 64-bit finalizer SplittableRandom itself uses (Stafford's variant 13). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private INDArray checkedHidden(INDArray input) {
        if (input == null) {
            throw new IllegalArgumentException(
                    "layer "
                            + shape.index()
                            + " reads the layer below: its input must not be "
                            + "null");
        }
        checkShape(input, adjacency.rows(), shape.inputSize(), "input");
        return input;
    }

    private void checkShape(INDArray array, long rows, long columns, String what) {
        if (array.rank() != 2 || array.rows() != rows || array.columns() != columns) {
            throw new IllegalArgumentException(
                    "layer "
                            + shape.index()
                            + ": "
                            + what
                            + " must be "
                            + rows
                            + "x"
                            + columns
                            + ", got shape "
                            + Arrays.toString(array.shape()));
        }
    }
}
