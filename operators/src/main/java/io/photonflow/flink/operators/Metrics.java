package io.photonflow.flink.operators;

/** Names of photonflow's Flink metrics, registered under the operator's metric group. */
public final class Metrics {

    /** The user group all photonflow metrics live in, below each operator's group. */
    public static final String GROUP = "photonflow";

    public static final String STEP = "step";
    public static final String EPOCH = "epoch";
    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    public static final String SAMPLES_PER_SECOND = "samplesPerSecond";
    public static final String TEST_LOSS = "testLoss";
    public static final String TEST_ACCURACY = "testAccuracy";
    public static final String WEIGHTS_VERSION = "weightsVersion";
    public static final String SKIPPED_UPDATES = "nonFiniteUpdatesSkipped";
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String PROJECTIONS = "projections";

    /** Thread CPU time the projection operator has spent projecting, in milliseconds. */
    public static final String PROJECTION_CPU_MILLIS = "projectionCpuMillis";

    /** Frames a simulated device has taken (OPU: camera exposures). */
    public static final String DEVICE_FRAMES = "deviceFrames";

    /** Simulated device time, in seconds. */
    public static final String DEVICE_SECONDS = "deviceSeconds";

    /** Simulated device energy, in joules. */
    public static final String DEVICE_ENERGY_JOULES = "deviceEnergyJoules";

    /** Degrees between a hidden layer's DFA update and backprop's, at the latest probe. */
    public static final String ALIGNMENT_ANGLE = "alignmentAngle";

    /** Fed-back weight versions a restored layer replayed from its feedback log. */
    public static final String FEEDBACK_REPLAYED = "feedbackReplayed";

    /** Input records a loop head holds back, waiting for the progress they need. */
    public static final String HELD_RECORDS = "heldRecords";

    /** Online: drift detections of the prequential monitor. */
    public static final String DRIFT_DETECTIONS = "driftDetections";

    /** Online: prequential accuracy over the count window. */
    public static final String ROLLING_ACCURACY = "rollingAccuracy";

    /** Online: prequential mean loss over the count window. */
    public static final String ROLLING_LOSS = "rollingLoss";

    /** Online: prequential accuracy over the event-time window. */
    public static final String ROLLING_TIME_ACCURACY = "rollingTimeAccuracy";

    /** Online: prequential mean loss over the event-time window. */
    public static final String ROLLING_TIME_LOSS = "rollingTimeLoss";

    private Metrics() {}

    /** Online learning: examples read from the topic (every record, usable or not). */
    public static final String EXAMPLES_CONSUMED = "examplesConsumed";

    /** Online learning: labelled examples put into training steps. */
    public static final String EXAMPLES_TRAINED = "examplesTrained";

    /** Online learning: unlabelled examples put into prediction minibatches. */
    public static final String EXAMPLES_PREDICTED = "examplesPredicted";
}
