package io.photonflow.online;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Prequential (test-then-train) evaluation of a stream, one training step at a time: every labelled
 * example of step k was scored with the weights before step k, and this keeps the rolling accuracy
 * and loss of those scores over a count window and an event-time window, runs a drift detector on
 * the error indicator (1 for a wrong prediction), and answers with the step's reaction (a
 * learning-rate multiplier, an optimizer reset). The same object serves the dataflow's error
 * operator and the reference trainer, so that both react at the same steps.
 */
public final class PrequentialMonitor implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Settings settings;
    private final CountWindowMetrics count;
    private final TimeWindowMetrics time;
    private final DriftDetector detector;
    private long lastDetection;
    private long examples;

    /**
     * What to monitor and how to react.
     *
     * @param windowExamples the count window
     * @param windowMillis the event-time window
     * @param detector the drift detector, or null for none
     * @param reaction what a detection does to the training steps
     */
    public record Settings(
            int windowExamples,
            long windowMillis,
            DriftDetectorSpec detector,
            DriftReaction reaction)
            implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /**
     * A monitor's state, for checkpoints.
     *
     * @param count the count window's
     * @param time the time window's
     * @param detector the detector's, or null without one
     * @param lastDetection the latest step at which drift was detected, 0 for none yet
     * @param examples labelled examples scored so far
     */
    public record State(
            CountWindowMetrics.State count,
            TimeWindowMetrics.State time,
            DriftDetector.State detector,
            long lastDetection,
            long examples)
            implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /**
     * One detection.
     *
     * @param detector its name
     * @param step the step whose examples showed it
     * @param exampleOffset the position of the example among all scored ones, from 0
     * @param eventTime that example's event time
     */
    public record Detection(String detector, long step, long exampleOffset, long eventTime)
            implements Serializable {}

    /**
     * What a step's scores decided.
     *
     * @param learningRateMultiplier the factor on the learning rate of this step's update
     * @param resetOptimizer whether the optimizers start afresh before this step's update
     * @param detections detections among this step's examples
     */
    public record Step(
            double learningRateMultiplier, boolean resetOptimizer, List<Detection> detections) {}

    /** A fresh monitor. */
    public PrequentialMonitor(Settings settings) {
        this(settings, null);
    }

    /** A monitor resumed from {@code state} (fresh when null). */
    public PrequentialMonitor(Settings settings, State state) {
        this.settings = settings;
        this.count =
                state == null
                        ? new CountWindowMetrics(settings.windowExamples())
                        : new CountWindowMetrics(settings.windowExamples(), state.count());
        this.time =
                state == null
                        ? new TimeWindowMetrics(settings.windowMillis())
                        : new TimeWindowMetrics(settings.windowMillis(), state.time());
        DriftDetectorSpec spec = settings.detector();
        this.detector =
                spec == null
                        ? null
                        : state == null || state.detector() == null
                                ? spec.create()
                                : spec.restore(state.detector());
        this.lastDetection = state == null ? 0 : state.lastDetection();
        this.examples = state == null ? 0 : state.examples();
    }

    /**
     * Takes the scores of step {@code step}'s examples, in order, and decides its reaction.
     *
     * @param correct whether each example was classified correctly
     * @param losses each example's cross-entropy
     * @param eventTimes each example's event time
     */
    public Step observe(long step, boolean[] correct, double[] losses, long[] eventTimes) {
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < correct.length; i++) {
            count.update(correct[i], losses[i]);
            time.update(eventTimes[i], correct[i], losses[i]);
            if (detector != null && errorRose(correct[i] ? 0 : 1)) {
                lastDetection = step;
                detections.add(new Detection(detector.name(), step, examples, eventTimes[i]));
            }
            examples++;
        }
        DriftReaction reaction = settings.reaction();
        return new Step(
                reaction.learningRateMultiplier(step, lastDetection),
                reaction.resetsAt(step, lastDetection),
                detections);
    }

    /**
     * Whether the detector, given the next error indicator, detects a change for the worse. ADWIN
     * cuts its window at any change of the mean, also when the error falls as the model learns;
     * only a cut that leaves a higher error is a drift to react to. (Page-Hinkley is configured for
     * increases.)
     */
    private boolean errorRose(double error) {
        double before = detector instanceof Adwin adwin ? adwin.estimation() : Double.NaN;
        if (!detector.update(error)) {
            return false;
        }
        return !(detector instanceof Adwin adwin) || adwin.estimation() > before;
    }

    /** The rolling figures over the last {@code windowExamples} examples. */
    public RollingMetrics countWindow() {
        return count;
    }

    /** The rolling figures over the last {@code windowMillis} of event time. */
    public RollingMetrics timeWindow() {
        return time;
    }

    public State state() {
        return new State(
                count.state(),
                time.state(),
                detector == null ? null : detector.state(),
                lastDetection,
                examples);
    }
}
