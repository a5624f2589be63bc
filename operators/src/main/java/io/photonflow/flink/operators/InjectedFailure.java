package io.photonflow.flink.operators;

import io.photonflow.flink.records.Signal;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A fault-injection hook for recovery tests and chaos drills: passes learning signals through
 * unchanged, and throws once, in the first execution attempt, on the first step at or after {@code
 * failAfterStep} that follows a completed checkpoint (so that recovery really restores state rather
 * than starting over).
 */
public final class InjectedFailure extends ProcessFunction<Signal, Signal>
        implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    private final long failAfterStep;

    private transient volatile boolean checkpointCompleted;

    /**
     * @param failAfterStep the earliest training step at which to fail
     */
    public InjectedFailure(long failAfterStep) {
        this.failAfterStep = failAfterStep;
    }

    @Override
    public void processElement(Signal signal, Context context, Collector<Signal> out) {
        if (signal.step() >= failAfterStep
                && checkpointCompleted
                && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            throw new InjectedFailureException(signal.step());
        }
        out.collect(signal);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointCompleted = true;
    }

    /** The failure this hook throws, recognisable in logs and tests. */
    public static final class InjectedFailureException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InjectedFailureException(long step) {
            super("injected failure at training step " + step);
        }
    }
}
