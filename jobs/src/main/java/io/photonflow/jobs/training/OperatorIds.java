package io.photonflow.jobs.training;

/**
 * Names and uids of the training dataflow's operators. Uids are what savepoints key state by: never
 * change one for an operator that keeps its state.
 */
public final class OperatorIds {

    public static final String SCHEDULE = "schedule";
    public static final String MINIBATCHES = "minibatches";
    public static final String ERROR = "error";
    public static final String INJECTED_FAILURE = "injected-failure";
    public static final String PROJECTION = "projection";
    public static final String MODEL_SNAPSHOTS = "model-snapshots";
    public static final String MODEL_SNAPSHOT_SINK = "model-snapshot-sink";
    public static final String METRICS_SINK = "metrics-sink";
    public static final String PROGRESS_SINK = "progress-sink";
    public static final String SUMMARY_SINK = "summary-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String ALIGNMENT_SINK = "alignment-sink";
    public static final String EXAMPLES = "examples";
    public static final String DECODE = "decode";
    public static final String DRIFT_SINK = "drift-sink";
    public static final String PREDICTION_TOPIC_SINK = "prediction-topic-sink";
    public static final String MODEL_TOPIC_SINK = "model-topic-sink";

    /** The online job's model versions without their optimizer state, for the models topic. */
    public static final String MODEL_TOPIC_WEIGHTS = "model-topic-weights";

    public static final String DEAD_LETTER_TOPIC_SINK = "dead-letter-topic-sink";

    private OperatorIds() {}

    /** The head of layer {@code index}'s feedback loop, chained ahead of the layer. */
    public static String loopHead(int index) {
        return "loop-head-" + index;
    }

    /** The projection of hidden layer {@code index}'s shards, where they project for themselves. */
    public static String projection(int index) {
        return PROJECTION + "-" + index;
    }

    public static String layer(int index) {
        return "layer-" + index;
    }

    public static String update(int index) {
        return "update-" + index;
    }

    public static String feedbackTail(int index) {
        return "feedback-tail-" + index;
    }

    /** The feedback loop of layer {@code index}, shared by its head and tail. */
    public static String loop(int index) {
        return "loop-" + index;
    }
}
