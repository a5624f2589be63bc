package io.photonflow.math.projection;

/** Creating projection devices. */
public final class Projections {

    private Projections() {}

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
