package io.photonflow.math;

import io.photonflow.model.Algorithm;
import io.photonflow.model.Seeds;
import java.util.SplittableRandom;

/**
 * Settings of a two-layer graph convolutional network trained full-batch with Adam.
 *
 * @param hidden width of the hidden layer
 * @param dropout probability of dropping each input entry of both layers while training
 * @param learningRate Adam's step size
 * @param weightDecay L2 coefficient on the first layer's weights (the second has none)
 * @param epochs full-batch steps, one per epoch
 * @param algorithm how the hidden layer learns: backprop, or DFA from the output error
 * @param seeds data: the dropout masks; init: initial weights; feedback: DFA's matrix B
 */
public record GcnSettings(
        int hidden,
        double dropout,
        double learningRate,
        double weightDecay,
        int epochs,
        Algorithm algorithm,
        Seeds seeds) {

    public GcnSettings {
        if (hidden <= 0 || epochs <= 0) {
            throw new IllegalArgumentException(
                    "hidden width and epochs must be positive, got " + hidden + " and " + epochs);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(learningRate > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "learning rate must be positive and weight decay non-negative, got "
                            + learningRate + " and " + weightDecay);
        }
    }

    /**
     * Kipf and Welling's settings: 16 hidden units, dropout 0.5, learning rate 0.01, weight decay
     * 5e-4, 200 epochs; the three seeds are drawn from {@code seed}.
     */
    public static GcnSettings kipfWelling(Algorithm algorithm, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Seeds seeds = new Seeds(random.nextLong(), random.nextLong(), random.nextLong());
        return new GcnSettings(16, 0.5, 0.01, 5e-4, 200, algorithm, seeds);
    }
}
