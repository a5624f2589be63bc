package io.photonflow.flink.loop;

import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/** Derives a subtask's channel key, identically on both ends of a loop. */
final class LoopKeys {

    private LoopKeys() {}

    static FeedbackKey of(StreamingRuntimeContext context, String loopId) {
        return new FeedbackKey(
                context.getJobInfo().getJobId().toHexString(),
                loopId,
                context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getAttemptNumber());
    }
}
