package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The diagnostic every user of feedback alignment asks for: how far a hidden layer's DFA update is
 * from the update backprop would have made on the same minibatch. Backprop's signal arrives from
 * the layer above as delta_{l+1} W_{l+1}^T; this measures the angle between the two weight
 * gradients and passes backprop's signal on to the layer below.
 */
public final class AlignmentProbe {

    private AlignmentProbe() {}

    /**
     * @param layer the hidden layer
     * @param step the training step measured
     * @param input the layer's input x on the minibatch
     * @param derivative f'(a) on the minibatch
     * @param dfaSignal the layer's DFA signal e B_l
     * @param bpSignal backprop's signal delta_{l+1} W_{l+1}^T
     * @param weights the layer's weights before this minibatch's update
     */
    public static Measurement measure(
            Layer layer,
            long step,
            INDArray input,
            INDArray derivative,
            INDArray dfaSignal,
            INDArray bpSignal,
            INDArray weights) {
        Gradients dfa = layer.gradients(input, layer.delta(dfaSignal, derivative), step);
        INDArray bpDelta = layer.delta(bpSignal, derivative);
        Gradients bp = layer.gradients(input, bpDelta, step);
        return new Measurement(
                angleDegrees(dfa.weights(), bp.weights()),
                layer.backpropagate(bpDelta, weights, step));
    }

    /** The angle between two arrays seen as flat vectors, in degrees (90 when one is zero). */
    public static double angleDegrees(INDArray a, INDArray b) {
        double dot = Nd4j.getBlasWrapper().dot(a.reshape(a.length()), b.reshape(b.length()));
        double norms = a.norm2Number().doubleValue() * b.norm2Number().doubleValue();
        if (norms == 0) {
            return 90;
        }
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot / norms))));
    }

    /**
     * @param angleDegrees angle between the DFA and the backprop weight gradient
     * @param downstream backprop's signal for the layer below: delta_l W_l^T
     */
    public record Measurement(double angleDegrees, INDArray downstream) {}
}
