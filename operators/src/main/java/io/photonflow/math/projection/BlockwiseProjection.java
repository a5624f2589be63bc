package io.photonflow.math.projection;

import io.photonflow.math.LearningRule;
import io.photonflow.math.NdArrays;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the shards of a network split into column shards compute between them where they project for
 * themselves ({@link Projections#atShards}): e times each shard's block of the Gaussian B, the
 * products joined in the order {@link LearningRule#slices} takes them apart. The reference
 * trainer's projection for such a network, with the dataflow's arithmetic.
 */
public final class BlockwiseProjection implements FeedbackProjection {

    private final int classes;
    private final int width;
    private final List<GaussianProjection> blocks = new ArrayList<>();

    /**
     * @param rule the learning rule, which says which columns each shard learns from
     * @param classes width of the output error
     * @param seed seed of the fixed feedback matrix
     */
    public BlockwiseProjection(LearningRule rule, int classes, long seed) {
        this.classes = classes;
        this.width = rule.projectedWidth();
        // One draw of B for all blocks: each shard's operator draws it too, and cuts its own.
        GaussianProjection whole = new GaussianProjection(classes, width, seed);
        for (int l = 0; l < rule.depth() - 1; l++) {
            for (int shard = 0; shard < rule.shards(l); shard++) {
                LearningRule.Block block = rule.columns(l, shard);
                blocks.add(whole.columns(block.from(), block.to()));
            }
        }
    }

    @Override
    public int inputSize() {
        return classes;
    }

    @Override
    public int outputSize() {
        return width;
    }

    @Override
    public INDArray project(INDArray error) {
        return NdArrays.joinColumns(blocks.stream().map(block -> block.project(error)).toList());
    }
}
