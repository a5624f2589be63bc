package io.photonflow.online;

import java.io.Serializable;

/**
 * Which weight version serves a stream's predictions, and which versions a layer keeps for them.
 *
 * <p>A prediction made after {@code k} training steps uses version {@code P(k)}: the largest
 * multiple of {@code lag} that is at most {@code k - 1 - s - lag} (0 before that), where {@code k -
 * 1 - s} is the version step {@code k} itself uses. Being {@code lag} steps older, it is already at
 * a layer while up to {@code lag} training minibatches wait at the layer's loop head for their
 * weights, so a prediction passes them instead of queueing behind them; being the same for {@code
 * lag} steps in a row, it makes a layer switch the weights it predicts with once every {@code lag}
 * steps, not at every step. It is a function of the prediction's place in the log, so a prediction
 * repeated after a failure carries the same version. With {@code lag} 0 it is {@code k - 1 - s},
 * the weights the last step used.
 *
 * @param staleness the training rule's s
 * @param lag steps by which predictions may trail training; 0 or more
 */
public record PredictionVersions(int staleness, int lag) implements Serializable {

    /** Checks the lag. */
    public PredictionVersions {
        if (lag < 0) {
            throw new IllegalArgumentException("prediction lag must not be negative, got " + lag);
        }
    }

    /** The version that predicts the examples that follow the first {@code steps} steps. */
    public long after(long steps) {
        long newest = steps - 1 - staleness - lag;
        if (newest <= 0) {
            return 0;
        }
        return lag == 0 ? newest : newest / lag * lag;
    }

    /**
     * Whether a layer whose latest training step is {@code step} must keep {@code version} for
     * predictions still to come: those follow step {@code step} or later, and use only the versions
     * {@link #after} gives from there on.
     */
    public boolean keeps(long version, long step) {
        return version >= after(step) && (lag == 0 || version % lag == 0);
    }
}
