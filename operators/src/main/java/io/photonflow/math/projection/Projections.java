package io.photonflow.math.projection;

import io.photonflow.math.LearningRule;

/** Creating projection devices. */
public final class Projections {

    private Projections() {}

    /**
     * Whether each hidden layer's shards project the output error onto their own blocks of B
     * ({@link ProjectionSpec#atShards}): a dense Gaussian B is a few hundred kilobytes that every
     * shard can draw from the seed, so that only e (batch x classes) needs to reach it, whatever
     * the layers' widths.
     */
    public static boolean atShards(ProjectionSpec spec) {
        return spec.kind() == ProjectionSpec.Kind.GAUSSIAN && spec.atShards();
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
