package io.photonflow.math;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stochastic gradient descent with (heavy-ball) momentum, in PyTorch's form: {@code v = mu v + g; p
 * -= lr v}. With momentum 0 it is plain SGD and keeps no slot.
 */
public final class Sgd implements Optimizer {

    private final double learningRate;
    private final double momentum;
    private final LearningRateSchedule schedule;

    public Sgd(double learningRate, double momentum, LearningRateSchedule schedule) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.schedule = schedule;
    }

    @Override
    public ParameterState initialState(long... shape) {
        return momentum == 0
                ? new ParameterState(0, List.of())
                : new ParameterState(0, List.of(Nd4j.zeros(DataType.FLOAT, shape)));
    }

    @Override
    public void step(
            INDArray parameter, INDArray gradient, ParameterState state, INDArray updated) {
        double rate = learningRate * schedule.factor(state.advance());
        if (momentum == 0) {
            parameter.sub(gradient.muli(rate), updated);
            return;
        }
        INDArray velocity = state.slot(0);
        velocity.muli(momentum).addi(gradient);
        parameter.sub(velocity.mul(rate), updated);
    }
}
