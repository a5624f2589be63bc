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
 * <p>A layer may be split into column shards ({@link Sharding}): shard j learns from its block of
 * the layer's signal, and under BP the layer below learns from the sum of the shards' delta_j
 * W_j^T, added in shard order so that the sum is the same in every run. The reference trainer runs
 * {@link #backward}; the dataflow builds one edge per layer from {@link #source} and lets an update
 * pass its signal down where {@link #passesSignalDown} says. The rule holds no per-step state, so
 * it serves unbounded streams of steps alike.
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
    private final int[] shards;

    private LearningRule(Algorithm algorithm, int[] hiddenWidths, int[] shards) {
        this.algorithm = algorithm;
        this.hiddenWidths = hiddenWidths;
        this.shards = shards;
    }

    /** The rule of {@code algorithm} for a network of {@code layers}, the classifier last. */
    public static LearningRule of(Algorithm algorithm, List<LayerShape> layers) {
        return of(algorithm, layers, Sharding.NONE);
    }

    /**
     * The rule of {@code algorithm} for a network of {@code layers}, the classifier last, split
     * into {@code sharding}'s column shards.
     */
    public static LearningRule of(Algorithm algorithm, List<LayerShape> layers, Sharding sharding) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network has at least its classifier");
        }
        List<String> problems = sharding.problems(layers, "shards");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        int[] widths = new int[layers.size() - 1];
        int[] shards = new int[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            if (l < widths.length) {
                widths[l] = layers.get(l).outputSize();
            }
            shards[l] = sharding.shards(l, layers.size());
        }
        return new LearningRule(algorithm, widths, shards);
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

    /** Column shards of layer {@code layer}. */
    public int shards(int layer) {
        checkLayer(layer);
        return shards[layer];
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
        checkWidth(projected);
        Block block = columns(layer);
        return NdArrays.columnBlock(projected, block.from(), block.to());
    }

    /**
     * The columns of the projection that shard {@code shard} of hidden layer {@code layer} learns
     * from: its block of the layer's columns.
     */
    public Block columns(int layer, int shard) {
        Block layerColumns = columns(layer);
        Block block = Sharding.block(layerColumns.width(), shards[layer], shard);
        return new Block(layerColumns.from() + block.from(), layerColumns.from() + block.to());
    }

    /** Shard {@code shard} of hidden layer {@code layer}'s block of the projected error, copied. */
    public INDArray slice(INDArray projected, int layer, int shard) {
        if (shards[layer] == 1) {
            return slice(projected, layer);
        }
        checkWidth(projected);
        Block block = columns(layer, shard);
        return NdArrays.columnBlock(projected, block.from(), block.to());
    }

    /**
     * Shard {@code shard}'s columns of {@code signal}, a whole layer's learning signal (e for the
     * classifier, delta W^T from above under BP); the signal itself for a layer in one piece.
     */
    public INDArray shardOf(INDArray signal, int layer, int shard) {
        int count = shards(layer);
        if (count == 1) {
            return signal;
        }
        Block block = Sharding.block(signal.columns(), count, shard);
        return NdArrays.columnBlock(signal, block.from(), block.to());
    }

    /**
     * Every hidden shard's block of the projected error, copied: layer by layer, input to output,
     * and each layer's shards in order (one block per layer where none is split).
     */
    public List<INDArray> slices(INDArray projected) {
        List<INDArray> slices = new ArrayList<>(hiddenShards());
        for (int l = 0; l < hiddenWidths.length; l++) {
            for (int shard = 0; shard < shards[l]; shard++) {
                slices.add(slice(projected, l, shard));
            }
        }
        return slices;
    }

    /** The shards of the hidden layers added up: how many blocks {@link #slices} returns. */
    public int hiddenShards() {
        int total = 0;
        for (int l = 0; l < hiddenWidths.length; l++) {
            total += shards[l];
        }
        return total;
    }

    /**
     * One backward pass: every layer, classifier first, shard by shard, learns from its signal, and
     * passes delta W^T down where the rule routes it (the shards' parts added up in shard order).
     *
     * @param error the output error e
     * @param projected e B under DFA with hidden layers, else null
     * @param layers learns one shard's step from its signal
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
            INDArray down = null;
            for (int shard = 0; shard < shards[l]; shard++) {
                INDArray signal =
                        switch (source(l)) {
                            case OUTPUT_ERROR -> shardOf(error, l, shard);
                            case PROJECTION -> slice(projected, l, shard);
                            case LAYER_ABOVE -> shardOf(fromAbove, l, shard);
                        };
                INDArray part = layers.learn(l, shard, signal, passesSignalDown(l));
                down = down == null ? part : down.addi(part);
            }
            fromAbove = down;
        }
    }

    private void checkWidth(INDArray projected) {
        if (projected.columns() != projectedWidth()) {
            throw new IllegalArgumentException(
                    "projected error has "
                            + projected.columns()
                            + " columns, the hidden layers need "
                            + projectedWidth());
        }
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer > hiddenWidths.length) {
            throw new IndexOutOfBoundsException(
                    "layer " + layer + " of a network of " + depth() + " layers");
        }
    }

    /** One shard's step of a backward pass. */
    @FunctionalInterface
    public interface LayerStep {

        /**
         * Learns shard {@code shard} of layer {@code layer}'s step from {@code signal}, its block
         * of the layer's signal.
         *
         * @return the shard's delta W^T (from the weights before the step), batch x the layer's
         *     input width, when {@code passDown}, else null; the rule may add to it
         */
        INDArray learn(int layer, int shard, INDArray signal, boolean passDown);
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
