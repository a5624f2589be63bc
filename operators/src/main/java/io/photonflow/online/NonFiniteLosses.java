package io.photonflow.online;

import java.io.Serializable;

/**
 * Counts of the non-finite losses in a window, which a window keeps out of its running sums (a NaN
 * or an infinity in a running sum would outlive its eviction); {@link #sum} puts them back.
 */
final class NonFiniteLosses implements Serializable {

    private static final long serialVersionUID = 1L;

    private long nans;
    private long positive;
    private long negative;

    /** Counts {@code loss} in (+1) or out (-1) when it is not finite; returns whether it is. */
    boolean count(double loss, int sign) {
        if (Double.isNaN(loss)) {
            nans += sign;
        } else if (loss == Double.POSITIVE_INFINITY) {
            positive += sign;
        } else if (loss == Double.NEGATIVE_INFINITY) {
            negative += sign;
        } else {
            return true;
        }
        return false;
    }

    void clear() {
        nans = 0;
        positive = 0;
        negative = 0;
    }

    /** What a plain sum of the window would be, given the sum of its finite losses. */
    double sum(double finiteSum) {
        if (nans > 0 || (positive > 0 && negative > 0)) {
            return Double.NaN;
        }
        if (positive > 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (negative > 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return finiteSum;
    }
}
