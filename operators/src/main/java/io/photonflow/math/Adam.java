package io.photonflow.math;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
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

    /** Overwrites {@code gradient} with the update; the caller owns it as a temporary. */
    @Override
    public void stepInPlace(INDArray parameter, INDArray gradient, ParameterState state) {
        long t = state.advance();
        // ND4J's fused kernel: one pass instead of a dozen; it counts iterations from 0.
        Nd4j.exec(
                new AdamUpdater(
                        gradient,
                        state.slot(1),
                        state.slot(0),
                        learningRate * schedule.factor(t),
                        beta1,
                        beta2,
                        epsilon,
                        (int) (t - 1)));
        parameter.subi(gradient);
    }
}
