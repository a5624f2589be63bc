package io.photonflow.training;

import io.photonflow.math.ConfusionMatrix;
import io.photonflow.math.EvaluationAccumulator;
import io.photonflow.math.NdArrays;
import io.photonflow.math.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A pass of a trained model over labelled examples, minibatch after minibatch: the loss and
 * accuracy exactly as a training run's evaluation pass sums them ({@link SoftmaxCrossEntropy},
 * {@link EvaluationAccumulator}), and the confusion matrix of the same predictions. Unlabelled rows
 * take no part.
 */
public final class ModelEvaluation {

    private final EvaluationAccumulator accumulator = new EvaluationAccumulator();
    private final ConfusionMatrix confusion;

    public ModelEvaluation(int classes) {
        this.confusion = new ConfusionMatrix(classes);
    }

    /** Adds a minibatch: its logits (rows x classes) and the label of every row. */
    public void add(INDArray logits, int[] labels) {
        accumulator.add(SoftmaxCrossEntropy.evaluate(logits, labels));
        int classes = (int) logits.columns();
        float[] z = NdArrays.toFloats(logits);
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] != SoftmaxCrossEntropy.UNLABELLED) {
                confusion.add(
                        labels[r], SoftmaxCrossEntropy.predictedClass(z, r * classes, classes));
            }
        }
    }

    /** Labelled examples evaluated. */
    public long examples() {
        return accumulator.examples();
    }

    /** Mean cross-entropy per example. */
    public double loss() {
        return accumulator.loss();
    }

    /** Fraction of examples classified correctly. */
    public double accuracy() {
        return accumulator.accuracy();
    }

    /** True class against predicted class of every labelled example so far. */
    public ConfusionMatrix confusion() {
        return confusion;
    }
}
