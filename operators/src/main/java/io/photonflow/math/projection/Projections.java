package io.photonflow.math.projection;

import io.photonflow.model.ProjectionSpec;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Creating projection devices, and cutting their output into per-layer signals. */
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

    /**
     * Splits a projected signal (batch x sum of widths) into one contiguous array per hidden
     * layer, in layer order.
     */
    public static List<INDArray> split(INDArray projected, List<Integer> widths) {
        List<INDArray> parts = new ArrayList<>(widths.size());
        long offset = 0;
        for (int width : widths) {
            parts.add(
                    projected
                            .get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + width))
                            .dup('c'));
            offset += width;
        }
        if (offset != projected.columns()) {
            throw new IllegalArgumentException(
                    "projected signal has " + projected.columns() + " columns, layers need "
                            + offset);
        }
        return parts;
    }
}
