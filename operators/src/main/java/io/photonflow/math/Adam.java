package io.photonflow.math;

import io.photonflow.math.kernels.AdamStep;
import io.photonflow.math.kernels.Kernels;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, in the paper's arrangement of the arithmetic:
 * {@code p -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}. Slot 0 is the first moment m,
 * slot 1 the second moment v.
 */
public final class Adam implements Optimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final LearningRateSchedule schedule;

    public Adam(
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            LearningRateSchedule schedule) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.schedule = schedule;
    }

    @Override
    public ParameterState initialState(long... shape) {
        return new ParameterState(
                0, List.of(Nd4j.zeros(DataType.FLOAT, shape), Nd4j.zeros(DataType.FLOAT, shape)));
    }

    /**
     * Leaves {@code gradient} as it was.
     *
     * <p>One pass over the arrays' own memory ({@link Kernels#adam}) rather than ND4J's fused
     * {@code AdamUpdater} kernel followed by a subtraction: at a layer's 10^6 parameters the kernel
     * took 7 ns per parameter, the pass under 1, and Adam was a fifth of an online job's time.
     */
    @Override
    public void step(
            INDArray parameter, INDArray gradient, ParameterState state, INDArray updated) {
        long t = state.advance();
        float stepSize =
                (float)
                        (learningRate
                                * schedule.factor(t)
                                * Math.sqrt(1 - Math.pow(beta2, t))
                                / (1 - Math.pow(beta1, t)));
        AdamStep step =
                new AdamStep(
                        stepSize,
                        (float) beta1,
                        (float) beta2,
                        (float) (1 - beta1),
                        (float) (1 - beta2),
                        (float) epsilon);
        long n = parameter.length();
        if (gradient.length() != n
                || updated.length() != n
                || state.slot(0).length() != n
                || state.slot(1).length() != n) {
            throw new IllegalArgumentException(
                    "Adam: a parameter of "
                            + n
                            + " values with a gradient of "
                            + gradient.length()
                            + " and moments of "
                            + state.slot(0).length()
                            + " and "
                            + state.slot(1).length());
        }
        Kernels.best()
                .adam(
                        NdArrays.bytes(parameter),
                        NdArrays.bytes(gradient),
                        NdArrays.bytes(state.slot(0)),
                        NdArrays.bytes(state.slot(1)),
                        NdArrays.bytes(updated),
                        step);
    }
}
