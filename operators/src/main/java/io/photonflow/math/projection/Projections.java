package io.photonflow.math.projection;

import io.photonflow.math.LearningRule;
import io.photonflow.math.Sharding;

/** Creating projection devices. */
public final class Projections {

    private Projections() {}

    /**
     * Whether each shard of a network split into column shards projects the output error onto its
     * own block of B: a dense Gaussian B is a few hundred kilobytes that every shard can draw from
     * the seed, so only e (batch x classes) needs to reach it, whatever the layers' widths. The
     * simulated OPU and the structured projection stand for one device, which projects for all.
     */
    public static boolean atShards(ProjectionSpec spec, Sharding sharding, int depth) {
        return spec.kind() == ProjectionSpec.Kind.GAUSSIAN && sharding.splits(depth);
    }

    /**
     * The Gaussian projection onto shard {@code shard}'s block of hidden layer {@code layer}'s
     * columns, under {@code rule}: the same values, to the bit, as those columns of the whole
     * projection's matrix.
     */
    public static GaussianProjection block(
            LearningRule rule, int classes, long seed, int layer, int shard) {
        LearningRule.Block block = rule.columns(layer, shard);
        return new GaussianProjection(classes, rule.projectedWidth(), seed)
                .columns(block.from(), block.to());
    }

    /** The device described by {@code spec}, mapping inputSize to outputSize. */
    public static FeedbackProjection create(
            ProjectionSpec spec, int inputSize, int outputSize, long seed) {
        return switch (spec.kind()) {
            case GAUSSIAN -> new GaussianProjection(inputSize, outputSize, seed);
            case OPU -> new OpuSimulator(inputSize, outputSize, spec.opu(), seed);
            case STRUCTURED -> new StructuredProjection(inputSize, outputSize, seed);
        };
    }
}
