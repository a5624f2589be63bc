package io.photonflow.math;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How many column shards each layer of a network is split into: shard j of layer l owns block j of
 * W_l's output columns, of b_l and of their optimizer state. The classifier is never split (its
 * width is the number of classes). Blocks are as even as they can be, the wider ones first: 1024
 * columns in 3 shards are 342, 341 and 341.
 *
 * @param hidden shards of the hidden layers: empty for none, one value for every hidden layer, or
 *     one value per hidden layer, input to output
 */
public record Sharding(List<Integer> hidden) implements Serializable {

    /** Every layer in one piece. */
    public static final Sharding NONE = new Sharding(List.of());

    public Sharding {
        hidden = List.copyOf(hidden);
    }

    /** {@code shards} shards of every hidden layer. */
    public static Sharding of(int shards) {
        return new Sharding(List.of(shards));
    }

    /** Shards of layer {@code layer} of a network of {@code depth} layers, the classifier last. */
    public int shards(int layer, int depth) {
        if (layer < 0 || layer >= depth) {
            throw new IndexOutOfBoundsException(
                    "layer " + layer + " of a network of " + depth + " layers");
        }
        if (layer == depth - 1 || hidden.isEmpty()) {
            return 1;
        }
        return hidden.size() == 1 ? hidden.get(0) : hidden.get(layer);
    }

    /** Whether some layer of a network of {@code depth} layers has more than one shard. */
    public boolean splits(int depth) {
        return widest(depth) > 1;
    }

    /** The most shards a layer of a network of {@code depth} layers has. */
    public int widest(int depth) {
        int widest = 1;
        for (int l = 0; l < depth; l++) {
            widest = Math.max(widest, shards(l, depth));
        }
        return widest;
    }

    /**
     * The shards of all layers of a network of {@code depth} layers together: the subtasks of its
     * layer operators, and of its update operators.
     */
    public int total(int depth) {
        int total = 0;
        for (int l = 0; l < depth; l++) {
            total += shards(l, depth);
        }
        return total;
    }

    /**
     * The columns [from, to) of a layer {@code width} wide that shard {@code shard} of {@code
     * count} owns.
     */
    public static LearningRule.Block block(int width, int count, int shard) {
        if (shard < 0 || shard >= count) {
            throw new IndexOutOfBoundsException("shard " + shard + " of " + count);
        }
        int base = width / count;
        int wider = width % count;
        int from = shard * base + Math.min(shard, wider);
        return new LearningRule.Block(from, from + base + (shard < wider ? 1 : 0));
    }

    /** The shape of shard {@code shard} of the layer of {@code shape}, split {@code count} ways. */
    public static LayerShape shape(LayerShape shape, int count, int shard) {
        return new LayerShape(
                shape.index(),
                shape.inputSize(),
                block(shape.outputSize(), count, shard).width(),
                shape.activation());
    }

    /**
     * Problems with these shards for {@code layers} (the classifier last), each naming {@code key}.
     */
    public List<String> problems(List<LayerShape> layers, String key) {
        List<String> problems = new ArrayList<>();
        int hiddenLayers = layers.size() - 1;
        if (hidden.size() > 1 && hidden.size() != hiddenLayers) {
            problems.add(
                    key
                            + " has "
                            + hidden.size()
                            + " values, the network "
                            + hiddenLayers
                            + " hidden layers: give one value for all, or one per hidden layer");
            return problems;
        }
        for (int l = 0; l < hiddenLayers && !hidden.isEmpty(); l++) {
            int shards = shards(l, layers.size());
            int width = layers.get(l).outputSize();
            if (shards < 1) {
                problems.add(key + " must be at least 1, got " + shards + " for layer " + l);
            } else if (shards > width) {
                problems.add(
                        String.format(
                                "%s: %d shards for layer %d, which has only %d columns",
                                key, shards, l, width));
            }
        }
        return problems;
    }
}
