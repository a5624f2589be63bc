package io.photonflow.math;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which learning signal every layer of a network gets from the output error e: the one place where
 * DFA and BP differ. The classifier always learns from e itself. Under DFA every hidden layer l
 * learns from its block of columns of one projection e [B_1 ... B_{L-1}]; under BP from delta_{l+1}
 * W_{l+1}^T, which the layer above passes down.
 *
 * <p>The reference trainer runs {@link #backward}; the dataflow builds one edge per layer from
 * {@link #source} and lets an update pass its signal down where {@link #passesSignalDown} says.
 * Column blocks ({@link #columns}) are what a layer split into column shards will receive a slice
 * of; the rule holds no per-step state, so it serves unbounded streams of steps alike.
 */
public final class LearningRule implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where a layer's learning signal comes from. */
    public enum Source {
        /** The output error e: the classifier, under either algorithm. */
        OUTPUT_ERROR,
        /** The layer's block of the projected error e B (DFA). */
        PROJECTION,
        /** delta_{l+1} W_{l+1}^T from the layer above (BP). */
        LAYER_ABOVE
    }

    private final Algorithm algorithm;
    private final int[] hiddenWidths;

    private LearningRule(Algorithm algorithm, int[] hiddenWidths) {
        this.algorithm = algorithm;
        this.hiddenWidths = hiddenWidths;
    }

    /** The rule of {@code algorithm} for a network of {@code layers}, the classifier last. */
    public static LearningRule of(Algorithm algorithm, List<LayerShape> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network has at least its classifier");
        }
        int[] widths = new int[layers.size() - 1];
        for (int l = 0; l < widths.length; l++) {
            widths[l] = layers.get(l).outputSize();
        }
        return new LearningRule(algorithm, widths);
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** Layers, the classifier included. */
    public int depth() {
        return hiddenWidths.length + 1;
    }

    /** Whether the output error is projected at all: DFA with at least one hidden layer. */
    public boolean projects() {
        return algorithm == Algorithm.DFA && hiddenWidths.length > 0;
    }

    /** Columns of the projection e B: the hidden widths added up. */
    public int projectedWidth() {
        return Arrays.stream(hiddenWidths).sum();
    }

    /** Where layer {@code layer}'s learning signal comes from. */
    public Source source(int layer) {
        checkLayer(layer);
        if (layer == hiddenWidths.length) {
            return Source.OUTPUT_ERROR;
        }
        return algorithm == Algorithm.DFA ? Source.PROJECTION : Source.LAYER_ABOVE;
    }

    /** Whether layer {@code layer}'s update must pass delta W^T down to the layer below. */
    public boolean passesSignalDown(int layer) {
        checkLayer(layer);
        return layer > 0 && source(layer - 1) == Source.LAYER_ABOVE;
    }

    /** The columns [from, to) of the projection that hidden layer {@code layer} learns from. */
    public Block columns(int layer) {
        if (source(layer) != Source.PROJECTION) {
            throw new IllegalArgumentException("layer " + layer + " does not learn from e B");
        }
        int from = 0;
        for (int l = 0; l < layer; l++) {
            from += hiddenWidths[l];
        }
        return new Block(from, from + hiddenWidths[layer]);
    }

    /** Hidden layer {@code layer}'s block of the projected error, as a contiguous copy. */
    public INDArray slice(INDArray projected, int layer) {
        if (projected.columns() != projectedWidth()) {
            throw new IllegalArgumentException(
                    "projected error has "
                            + projected.columns()
                            + " columns, the hidden layers need "
                            + projectedWidth());
        }
        Block block = columns(layer);
        return NdArrays.columnBlock(projected, block.from(), block.to());
    }

    /** Every hidden layer's block of the projected error, input to output. */
    public List<INDArray> slices(INDArray projected) {
        List<INDArray> slices = new ArrayList<>(hiddenWidths.length);
        for (int l = 0; l < hiddenWidths.length; l++) {
            slices.add(slice(projected, l));
        }
        return slices;
    }

    /**
     * One backward pass: every layer, classifier first, learns from its signal, and passes delta
     * W^T down where the rule routes it.
     *
     * @param error the output error e
     * @param projected e B under DFA with hidden layers, else null
     * @param layers learns one layer's step from its signal
     */
    public void backward(INDArray error, INDArray projected, LayerStep layers) {
        if (projects() != (projected != null)) {
            throw new IllegalArgumentException(
                    projects()
                            ? "DFA needs the projected error"
                            : "nothing to project under " + algorithm);
        }
        INDArray fromAbove = null;
        for (int l = depth() - 1; l >= 0; l--) {
            INDArray signal =
                    switch (source(l)) {
                        case OUTPUT_ERROR -> error;
                        case PROJECTION -> slice(projected, l);
                        case LAYER_ABOVE -> fromAbove;
                    };
            fromAbove = layers.learn(l, signal, passesSignalDown(l));
        }
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer > hiddenWidths.length) {
            throw new IndexOutOfBoundsException(
                    "layer " + layer + " of a network of " + depth() + " layers");
        }
    }

    /** One layer's step of a backward pass. */
    @FunctionalInterface
    public interface LayerStep {

        /**
         * Learns layer {@code layer}'s step from {@code signal}.
         *
         * @return delta W^T (from the weights before the step) when {@code passDown}, else null
         */
        INDArray learn(int layer, INDArray signal, boolean passDown);
    }

    /**
     * A block of columns.
     *
     * @param from the first column
     * @param to one past the last column
     */
    public record Block(int from, int to) implements Serializable {

        public int width() {
            return to - from;
        }
    }
}
