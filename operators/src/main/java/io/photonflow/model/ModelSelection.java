package io.photonflow.model;

import java.util.function.IntToDoubleFunction;

/** Choosing the epoch whose model is reported: on validation results alone, never on test. */
public final class ModelSelection {

    private ModelSelection() {}

    /**
     * The epoch (0-based, of {@code epochs}) with the highest validation accuracy; ties go to the
     * lower validation loss, then to the earlier epoch.
     */
    public static int bestEpoch(
            int epochs, IntToDoubleFunction accuracy, IntToDoubleFunction loss) {
        if (epochs < 1) {
            throw new IllegalArgumentException("no epoch to choose from");
        }
        int best = 0;
        for (int i = 1; i < epochs; i++) {
            double candidate = accuracy.applyAsDouble(i);
            double incumbent = accuracy.applyAsDouble(best);
            if (candidate > incumbent
                    || (candidate == incumbent
                            && loss.applyAsDouble(i) < loss.applyAsDouble(best))) {
                best = i;
            }
        }
        return best;
    }
}
