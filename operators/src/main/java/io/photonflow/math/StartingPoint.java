package io.photonflow.math;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where training starts: seeded weights; the weights of an earlier model (a warm start, or
 * fine-tuning from step 0); or an earlier run's state after one of its epochs, weights and
 * optimizer state, from which the run continues exactly as if it had not stopped. Layer_l and
 * Update_l must start from the same point, so both are given the same {@code StartingPoint}, and so
 * is the reference trainer.
 */
public interface StartingPoint extends Serializable {

    /** The weights of the layer of {@code shape} at {@link #step()}, outside any workspace. */
    LayerWeights of(LayerShape shape);

    /** Training steps already taken: the version of the starting weights. */
    default long step() {
        return 0;
    }

    /** Epochs already completed, which a resumed run skips. */
    default int epoch() {
        return 0;
    }

    /**
     * The learner of {@code layer} at {@link #step()}: by default its starting weights and a fresh
     * optimizer; a resumed run's carries the optimizer state it stopped with.
     *
     * @param totalSteps length of the run, for the learning-rate schedule (0 when unknown)
     */
    default LayerLearner learner(Layer layer, OptimizerSpec spec, long totalSteps) {
        return LayerLearner.initial(layer, spec, totalSteps, this);
    }

    /**
     * The learner of {@code layer}, which is columns [from, to) of the layer of {@code whole}, at
     * {@link #step()}: by default its block of this point's weights and a fresh optimizer; a
     * resumed run's carries its block of the optimizer state the run stopped with.
     */
    default LayerLearner learner(
            Layer layer, OptimizerSpec spec, long totalSteps, LayerShape whole, int from, int to) {
        return LayerLearner.initial(layer, spec, totalSteps, columns(whole, from, to));
    }

    /** Columns [from, to) of the layer of {@code whole}, as a starting point of their own. */
    private StartingPoint columns(LayerShape whole, int from, int to) {
        return ignored -> of(whole, from, to);
    }

    /**
     * Where shard {@code shard} of {@code count} of the layer of {@code shape} starts: its block of
     * columns of this point's weights (and of a resumed run's optimizer state) for the whole layer,
     * so that a network starts from the same point however it is split.
     */
    default StartingPoint shard(LayerShape shape, int count, int shard) {
        return count == 1 ? this : new Shard(this, shape, count, shard);
    }

    /**
     * Columns [from, to) of {@link #of(LayerShape)}, outside any workspace; by default cut from the
     * whole layer's weights.
     */
    default LayerWeights of(LayerShape shape, int from, int to) {
        LayerWeights layer = of(shape);
        float[] bias = NdArrays.toFloats(layer.bias());
        return Workspaces.detached(
                () ->
                        new LayerWeights(
                                NdArrays.columnBlock(layer.weights(), from, to),
                                Nd4j.createFromArray(Arrays.copyOfRange(bias, from, to))));
    }

    /** Glorot-uniform weights drawn from {@code seed} and zero biases ({@link LayerWeights}). */
    static StartingPoint seeded(long seed) {
        return new Seeded(seed);
    }

    /**
     * Weights drawn from a seed, layer by layer.
     *
     * @param seed the run's {@code seeds.init}
     */
    record Seeded(long seed) implements StartingPoint {

        @Override
        public LayerWeights of(LayerShape shape) {
            return LayerWeights.initial(shape, seed);
        }

        /** Draws the block's values alone. */
        @Override
        public LayerWeights of(LayerShape shape, int from, int to) {
            return LayerWeights.initial(shape, seed, from, to);
        }
    }

    /**
     * A shard's block of columns of another starting point's layer.
     *
     * @param whole the starting point of the whole network
     * @param shape the whole layer
     * @param count shards of the layer
     * @param shard this shard
     */
    record Shard(StartingPoint whole, LayerShape shape, int count, int shard)
            implements StartingPoint {

        @Override
        public LayerWeights of(LayerShape ignored) {
            LearningRule.Block block = block();
            return whole.of(shape, block.from(), block.to());
        }

        @Override
        public long step() {
            return whole.step();
        }

        @Override
        public int epoch() {
            return whole.epoch();
        }

        @Override
        public LayerLearner learner(Layer layer, OptimizerSpec spec, long totalSteps) {
            LearningRule.Block block = block();
            return whole.learner(layer, spec, totalSteps, shape, block.from(), block.to());
        }

        private LearningRule.Block block() {
            return Sharding.block(shape.outputSize(), count, shard);
        }
    }
}
