package io.photonflow.online;

/**
 * Prequential (test-then-train) metrics over a window of recent examples: each example is scored by
 * the model before it is trained on, and the window holds its 0/1 correctness and its loss.
 */
public interface RollingMetrics {

    /** Examples in the window. */
    int size();

    /** Examples in the window that were classified correctly. */
    long correct();

    /**
     * The sum of the window's losses: NaN when one of them is NaN (or both infinities occur),
     * infinite when one is and no NaN is, as a plain sum would be.
     */
    double lossSum();

    /** The fraction of the window classified correctly; NaN for an empty window. */
    default double accuracy() {
        return size() == 0 ? Double.NaN : (double) correct() / size();
    }

    /** The mean loss over the window; NaN for an empty window. */
    default double meanLoss() {
        return size() == 0 ? Double.NaN : lossSum() / size();
    }
}
