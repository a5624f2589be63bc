package io.photonflow.jobs.config;

import io.photonflow.online.Adwin;
import io.photonflow.online.DriftDetectorSpec;
import io.photonflow.online.DriftReaction;
import io.photonflow.online.PageHinkley;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Concept-drift detection on the prequential error of an online job, and the reaction to it.
 * Detectors and their defaults are River's (ADWIN, Page-Hinkley).
 *
 * @param detector {@code none}, {@code adwin} or {@code page-hinkley}
 * @param adwinDelta ADWIN's confidence delta
 * @param pageHinkleyThreshold Page-Hinkley's lambda
 * @param pageHinkleyDelta Page-Hinkley's tolerated magnitude of change
 * @param reaction {@code none}, {@code reset-optimizer} or {@code boost-learning-rate}
 * @param boostFactor the learning rate's factor for boost-learning-rate
 * @param boostSteps how many steps a boost lasts
 */
public record DriftSpec(
        String detector,
        double adwinDelta,
        double pageHinkleyThreshold,
        double pageHinkleyDelta,
        String reaction,
        double boostFactor,
        int boostSteps)
        implements Serializable, ConfigSection {

    /** The detector, or null for none. */
    public DriftDetectorSpec detectorSpec() {
        DriftDetectorSpec.Kind kind = DriftDetectorSpec.Kind.parse(detector);
        if (kind == null) {
            return null;
        }
        return kind == DriftDetectorSpec.Kind.ADWIN
                ? DriftDetectorSpec.of(
                        new Adwin.Settings(
                                adwinDelta,
                                Adwin.Settings.defaults().clock(),
                                Adwin.Settings.defaults().maxBuckets(),
                                Adwin.Settings.defaults().minWindowLength(),
                                Adwin.Settings.defaults().gracePeriod()))
                : DriftDetectorSpec.of(
                        new PageHinkley.Settings(
                                PageHinkley.Settings.defaults().minInstances(),
                                pageHinkleyDelta,
                                pageHinkleyThreshold,
                                PageHinkley.Settings.defaults().alpha(),
                                // A rising error is a drift; a falling one is learning.
                                PageHinkley.Mode.UP));
    }

    public DriftReaction reactionSpec() {
        return new DriftReaction(DriftReaction.Kind.parse(reaction), boostFactor, boostSteps);
    }

    @Override
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (!"none".equals(detector) && DriftDetectorSpec.Kind.parse(detector) == null) {
            problems.add(
                    path + ".detector must be one of none, adwin, page-hinkley, got " + detector);
        }
        if (!(adwinDelta > 0 && adwinDelta < 1)) {
            problems.add(path + ".adwin-delta must be in (0, 1), got " + adwinDelta);
        }
        if (!(pageHinkleyThreshold > 0) || Double.isInfinite(pageHinkleyThreshold)) {
            problems.add(
                    path + ".page-hinkley-threshold must be positive, got " + pageHinkleyThreshold);
        }
        if (!(pageHinkleyDelta >= 0) || Double.isInfinite(pageHinkleyDelta)) {
            problems.add(path + ".page-hinkley-delta must be 0 or more, got " + pageHinkleyDelta);
        }
        DriftReaction.Kind kind = DriftReaction.Kind.parse(reaction);
        if (kind == null) {
            problems.add(
                    path
                            + ".reaction must be one of none, reset-optimizer, boost-learning-rate,"
                            + " got "
                            + reaction);
        } else if (kind == DriftReaction.Kind.BOOST_LEARNING_RATE) {
            if (!(boostFactor > 0) || Double.isInfinite(boostFactor)) {
                problems.add(path + ".boost-factor must be positive, got " + boostFactor);
            }
            if (boostSteps < 1) {
                problems.add(path + ".boost-steps must be at least 1, got " + boostSteps);
            }
        }
        return problems;
    }
}
