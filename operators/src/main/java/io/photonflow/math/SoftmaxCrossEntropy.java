package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Softmax followed by cross-entropy against integer class labels. */
public final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {}

    /**
     * Evaluates a minibatch of logits.
     *
     * @param logits a_L, batch x classes
     * @param labels the class of every row
     * @return e = softmax(a_L) - onehot(y), the summed loss and the number of correct rows
     */
    public static OutputError evaluate(INDArray logits, int[] labels) {
        int rows = (int) logits.rows();
        int classes = (int) logits.columns();
        if (labels.length != rows) {
            throw new IllegalArgumentException(
                    "logits have " + rows + " rows but there are " + labels.length + " labels");
        }
        INDArray probabilities = Transforms.softmax(logits, true);
        float[] p = NdArrays.toFloats(probabilities);
        float[] z = NdArrays.toFloats(logits);
        double lossSum = 0;
        int correct = 0;
        float[] oneHot = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(
                        "label " + label + " of row " + r + " is outside [0, " + classes + ")");
            }
            oneHot[r * classes + label] = 1f;
            // log-sum-exp from the logits: stable where p underflows to 0.
            lossSum += logSumExp(z, r * classes, classes) - z[r * classes + label];
            if (argMax(z, r * classes, classes) == label) {
                correct++;
            }
        }
        INDArray error = probabilities.subi(NdArrays.matrix(oneHot, rows, classes));
        return new OutputError(error, lossSum, correct, rows);
    }

    private static double logSumExp(float[] z, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, z[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.exp(z[offset + i] - max);
        }
        return max + Math.log(sum);
    }

    private static int argMax(float[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The loss of a minibatch.
     *
     * @param error e = softmax(a_L) - onehot(y), batch x classes: the classifier's delta
     * @param lossSum cross-entropy summed over the rows
     * @param correct rows whose most probable class is the label
     * @param rows rows in the minibatch
     */
    public record OutputError(INDArray error, double lossSum, int correct, int rows) {}
}
