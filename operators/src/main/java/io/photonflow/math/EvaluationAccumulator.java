package io.photonflow.math;

/** Sums loss and hits over the minibatches of one pass over a dataset. */
public final class EvaluationAccumulator {

    private double lossSum;
    private long correct;
    private long examples;

    public EvaluationAccumulator() {}

    /** Resumes from stored sums. */
    public EvaluationAccumulator(double lossSum, long correct, long examples) {
        this.lossSum = lossSum;
        this.correct = correct;
        this.examples = examples;
    }

    public void add(SoftmaxCrossEntropy.OutputError minibatch) {
        lossSum += minibatch.lossSum();
        correct += minibatch.correct();
        examples += minibatch.rows();
    }

    public double lossSum() {
        return lossSum;
    }

    public long correct() {
        return correct;
    }

    public long examples() {
        return examples;
    }

    /** Mean cross-entropy per example. */
    public double loss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /** Fraction of examples classified correctly. */
    public double accuracy() {
        return examples == 0 ? Double.NaN : (double) correct / examples;
    }
}
