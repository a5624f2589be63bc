package io.photonflow.math.projection;

import io.photonflow.math.NdArrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Digital DFA's projection: a dense matrix B with independent N(0, 1/inputSize) entries, drawn once
 * from a seed. The variance keeps the projected signal on the scale of the error itself.
 */
public final class GaussianProjection implements FeedbackProjection {

    private final INDArray matrix;

    public GaussianProjection(int inputSize, int outputSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 1.0 / Math.sqrt(inputSize);
        float[] b = new float[inputSize * outputSize];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextGaussian() * scale);
        }
        this.matrix = NdArrays.matrix(b, inputSize, outputSize);
    }

    private GaussianProjection(INDArray matrix) {
        this.matrix = matrix;
    }

    /**
     * The projection onto columns [from, to) of this one's output: the block of B that a layer
     * shard learns from, drawn by whoever needs it from the same seed, so that only e travels.
     */
    public GaussianProjection columns(int from, int to) {
        return new GaussianProjection(NdArrays.columnBlock(matrix, from, to));
    }

    @Override
    public int inputSize() {
        return (int) matrix.rows();
    }

    @Override
    public int outputSize() {
        return (int) matrix.columns();
    }

    @Override
    public INDArray project(INDArray error) {
        if (error.columns() != matrix.rows()) {
            throw new IllegalArgumentException(
                    "projection expects errors of width "
                            + matrix.rows()
                            + ", got "
                            + error.columns());
        }
        return NdArrays.product(error, matrix, false, false);
    }

    /** B itself, inputSize x outputSize (for tests and diagnostics). */
    public INDArray matrix() {
        return matrix.dup();
    }
}
