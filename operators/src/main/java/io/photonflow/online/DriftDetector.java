package io.photonflow.online;

import java.io.Serializable;

/**
 * A concept-drift detector over a stream of numbers (a prequential loss, or 0/1 errors), one value
 * at a time. Deterministic: the same values in the same order give the same answers, also after
 * {@link #state()} and a restore ({@link DriftDetectorSpec#restore}).
 *
 * <p>As in River, a detector that has just detected drift reports it until the next value arrives;
 * that next {@link #update} first starts the detector afresh and then takes the value.
 */
public interface DriftDetector extends Serializable {

    /** The detector's kind as configured: {@code page-hinkley} or {@code adwin}. */
    String name();

    /**
     * Takes the next value of the stream.
     *
     * @return whether drift was detected at this value
     */
    boolean update(double x);

    /** Whether the latest {@link #update} detected drift. */
    boolean driftDetected();

    /** Drifts detected since this detector was created, across its restarts after detections. */
    long detections();

    /** Everything that changes while the detector runs, as plain values, for a checkpoint. */
    State state();

    /**
     * A detector's running state: primitives and arrays only, so that a Flink operator can keep it
     * in its state. The settings are not part of it; they come from the configuration.
     */
    sealed interface State extends Serializable permits PageHinkley.State, Adwin.State {}
}
