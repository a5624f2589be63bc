package io.photonflow.training;

import io.photonflow.data.graph.GraphDataset;
import io.photonflow.math.Activation;
import io.photonflow.math.Algorithm;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.projection.ProjectionSpec;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.Seeds;
import io.photonflow.model.TrainingSetup;
import io.photonflow.model.TrainingSpec;
import java.util.List;

/**
 * Settings of a two-layer graph convolutional network trained full-batch with Adam, the short form
 * of a {@link TrainingSetup} for {@link GcnTrainer}.
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
                            + learningRate
                            + " and "
                            + weightDecay);
        }
    }

    /**
     * Kipf and Welling's settings: 16 hidden units, dropout 0.5, learning rate 0.01, weight decay
     * 5e-4, 200 epochs; the three seeds are drawn from {@code seed}.
     */
    public static GcnSettings kipfWelling(Algorithm algorithm, long seed) {
        return new GcnSettings(16, 0.5, 0.01, 5e-4, 200, algorithm, Seeds.derivedFrom(seed));
    }

    /**
     * The full setup for {@code data}'s features and classes: ReLU, Adam with TensorFlow's moments
     * and a constant rate, staleness 0, and DFA's {@code projection}.
     */
    public TrainingSetup setup(GraphDataset data, ProjectionSpec projection) {
        return new TrainingSetup(
                new NetworkSpec(
                        NetworkSpec.Kind.GCN,
                        data.featureCount(),
                        List.of(hidden),
                        Activation.RELU,
                        data.classCount(),
                        dropout),
                algorithm,
                projection,
                new OptimizerSpec(
                        OptimizerSpec.Kind.ADAM,
                        learningRate,
                        0,
                        0.9,
                        0.999,
                        1e-8,
                        weightDecay,
                        OptimizerSpec.Schedule.CONSTANT),
                new TrainingSpec(1, epochs, 0, 1),
                seeds);
    }
}
