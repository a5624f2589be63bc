package io.photonflow.data;

import java.io.Serializable;
import java.util.Optional;

/**
 * Decides whether one example can be trained on: the right number of features, all of them finite,
 * and a label that names a class of the network. Whether a label is required at all is the caller's
 * decision: files for training and testing need one, a stream may carry unlabelled examples.
 */
public final class ExampleValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int featureCount;
    private final int classes;

    public ExampleValidator(int featureCount, int classes) {
        if (featureCount <= 0 || classes <= 0) {
            throw new IllegalArgumentException(
                    "featureCount and classes must be positive, got "
                            + featureCount
                            + " and "
                            + classes);
        }
        this.featureCount = featureCount;
        this.classes = classes;
    }

    /**
     * Why the labelled example is unusable, in words a user can act on; empty when it is valid. The
     * features are checked first, then the label.
     */
    public Optional<String> check(float[] features, int label) {
        Optional<String> problem = checkFeatures(features);
        return problem.isPresent() ? problem : checkLabel(label);
    }

    /**
     * Why the features are unusable (wrong count, a NaN or an infinity), empty when they are fine;
     * for examples that may come without a label.
     */
    public Optional<String> checkFeatures(float[] features) {
        if (features.length != featureCount) {
            return Optional.of("has " + features.length + " features, expected " + featureCount);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                return Optional.of("feature " + i + " is " + features[i]);
            }
        }
        return Optional.empty();
    }

    /** Why the label names no class of the network, empty when it names one. */
    public Optional<String> checkLabel(int label) {
        if (label < 0 || label >= classes) {
            return Optional.of("label " + label + " is outside [0, " + classes + ")");
        }
        return Optional.empty();
    }
}
