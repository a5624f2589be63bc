package io.photonflow.math;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, in PyTorch's arrangement of the arithmetic:
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. Slot 0 is the first
 * moment m, slot 1 the second moment v.
 */
public final class Adam implements Optimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public ParameterState initialState(long... shape) {
        return new ParameterState(
                0,
                List.of(Nd4j.zeros(DataType.FLOAT, shape), Nd4j.zeros(DataType.FLOAT, shape)));
    }

    @Override
    public void stepInPlace(INDArray parameter, INDArray gradient, ParameterState state) {
        long t = state.advance();
        INDArray m = state.slot(0);
        INDArray v = state.slot(1);
        m.muli(beta1).addi(gradient.mul(1 - beta1));
        v.muli(beta2).addi(gradient.mul(gradient).muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        INDArray denominator = Transforms.sqrt(v, true).divi(Math.sqrt(correction2)).addi(epsilon);
        parameter.subi(m.div(denominator).muli(learningRate / correction1));
    }
}
