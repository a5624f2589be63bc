package io.photonflow.math;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Softmax followed by cross-entropy against integer class labels. */
public final class SoftmaxCrossEntropy {

    /** The label of a row that is not part of the loss. */
    public static final int UNLABELLED = -1;

    private SoftmaxCrossEntropy() {}

    /**
     * Evaluates a minibatch of logits. Rows labelled {@link #UNLABELLED} take no part: they add
     * nothing to the loss and their error is 0 (graph nodes outside the split being trained or
     * measured).
     *
     * @param logits a_L, batch x classes
     * @param labels the class of every row, or {@link #UNLABELLED}
     * @return e, the gradient of the mean loss over the labelled rows with respect to the logits:
     *     (softmax(a_L) - onehot(y)) / labelled rows; the summed loss and the number of correct
     *     labelled rows
     */
    public static OutputError evaluate(INDArray logits, int[] labels) {
        int rows = (int) logits.rows();
        int classes = (int) logits.columns();
        if (labels.length != rows) {
            throw new IllegalArgumentException(
                    "logits have " + rows + " rows but there are " + labels.length + " labels");
        }
        INDArray probabilities = Transforms.softmax(logits, true);
        float[] z = NdArrays.toFloats(logits);
        double lossSum = 0;
        int correct = 0;
        int labelled = 0;
        float[] target = new float[rows * classes];
        float[] keep = new float[rows];
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            if (label == UNLABELLED) {
                continue;
            }
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(
                        "label " + label + " of row " + r + " is outside [0, " + classes + ")");
            }
            labelled++;
            keep[r] = 1f;
            target[r * classes + label] = 1f;
            // log-sum-exp from the logits: stable where p underflows to 0.
            lossSum += logSumExp(z, r * classes, classes) - z[r * classes + label];
            if (argMax(z, r * classes, classes) == label) {
                correct++;
            }
        }
        INDArray error =
                probabilities
                        .subi(NdArrays.matrix(target, rows, classes))
                        .muliColumnVector(NdArrays.matrix(keep, rows, 1))
                        .divi(Math.max(1, labelled));
        return new OutputError(error, lossSum, correct, labelled);
    }

    /**
     * The softmax probabilities of every row of {@code logits} (rows x classes, row-major), in
     * StrictMath like the loss, so that a prediction is the same in every JVM.
     */
    public static float[] probabilities(float[] logits, int classes) {
        float[] probabilities = new float[logits.length];
        for (int offset = 0; offset < logits.length; offset += classes) {
            double logNormalizer = logSumExp(logits, offset, classes);
            for (int c = 0; c < classes; c++) {
                probabilities[offset + c] =
                        (float) StrictMath.exp(logits[offset + c] - logNormalizer);
            }
        }
        return probabilities;
    }

    /**
     * Every labelled row's own score: whether its most probable class is its label, and its
     * cross-entropy (StrictMath, as the loss). Unlabelled rows are left out, in order.
     */
    public static RowScores rowScores(float[] logits, int[] labels, int classes) {
        int labelled = 0;
        for (int label : labels) {
            if (label != UNLABELLED) {
                labelled++;
            }
        }
        boolean[] correct = new boolean[labelled];
        double[] losses = new double[labelled];
        int[] rows = new int[labelled];
        int i = 0;
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] == UNLABELLED) {
                continue;
            }
            int offset = r * classes;
            correct[i] = argMax(logits, offset, classes) == labels[r];
            losses[i] = logSumExp(logits, offset, classes) - logits[offset + labels[r]];
            rows[i] = r;
            i++;
        }
        return new RowScores(correct, losses, rows);
    }

    /**
     * The scores of a minibatch's labelled rows.
     *
     * @param correct whether each was classified correctly
     * @param losses each one's cross-entropy
     * @param rows each one's row in the minibatch
     */
    public record RowScores(boolean[] correct, double[] losses, int[] rows) {}

    /** The most probable class of the row starting at {@code offset}; ties go to the lower. */
    public static int predictedClass(float[] logits, int offset, int classes) {
        return argMax(logits, offset, classes);
    }

    /** In StrictMath: reported losses are the same in every JVM, as the determinism rule wants. */
    private static double logSumExp(float[] z, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, z[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += StrictMath.exp(z[offset + i] - max);
        }
        return max + StrictMath.log(sum);
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
     * @param error e, batch x classes: the gradient of the mean loss with respect to the logits,
     *     the classifier's delta
     * @param lossSum cross-entropy summed over the labelled rows
     * @param correct labelled rows whose most probable class is the label
     * @param rows labelled rows
     */
    public record OutputError(INDArray error, double lossSum, int correct, int rows) {}
}
