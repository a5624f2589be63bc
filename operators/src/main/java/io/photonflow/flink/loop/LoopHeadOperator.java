package io.photonflow.flink.loop;

import io.photonflow.flink.operators.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.YieldingOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * The head of a feedback loop: merges the fed-back records (Left) into its forward input (Right),
 * and holds each input record back until the feedback has brought the loop as far as the record
 * needs. Holding back, rather than buffering downstream, keeps Flink's backpressure on the input.
 *
 * <p>Feedback is drained from the in-JVM channel on the mailbox thread, also while the head waits
 * for progress, so no locking is needed. At {@link #prepareSnapshotPreBarrier} (before the barrier
 * leaves, with no mail processed until the chain's snapshots are taken) it opens the channel's log
 * for the checkpoint; the tail closes and stores it. The progress reached is operator state.
 *
 * @param <IN> the forward input
 * @param <FB> the fed-back records
 */
final class LoopHeadOperator<IN, FB> extends AbstractStreamOperator<Either<FB, IN>>
        implements OneInputStreamOperator<IN, Either<FB, IN>>, YieldingOperator<Either<FB, IN>> {

    private static final long serialVersionUID = 1L;

    private final String loopId;
    private final Duration timeout;
    private final ProgressFunction<FB> progressOf;
    private final ProgressFunction<IN> progressNeeded;
    private final long initialProgress;

    private transient MailboxExecutor mailbox;
    private transient FeedbackKey key;
    private transient FeedbackChannel<FB> channel;
    private transient ListState<Long> progressState;
    private transient Counter replayed;
    private transient long progress;
    private transient boolean ended;
    private transient boolean finished;

    /**
     * @param loopId names the loop; the tail uses the same id
     * @param timeout longest wait for the progress an input record needs
     * @param progressOf the progress a fed-back record brings
     * @param progressNeeded the progress an input record needs before it may pass
     * @param initialProgress the progress before any feedback
     */
    LoopHeadOperator(
            String loopId,
            Duration timeout,
            ProgressFunction<FB> progressOf,
            ProgressFunction<IN> progressNeeded,
            long initialProgress) {
        this.loopId = loopId;
        this.timeout = timeout;
        this.progressOf = progressOf;
        this.progressNeeded = progressNeeded;
        this.initialProgress = initialProgress;
    }

    @Override
    public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
        this.mailbox = mailboxExecutor;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        progressState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "loop-progress-" + loopId, LongSerializer.INSTANCE));
        progress = initialProgress;
        for (long restored : progressState.get()) {
            progress = Math.max(progress, restored);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        replayed = getMetricGroup().addGroup(Metrics.GROUP).counter(Metrics.FEEDBACK_REPLAYED);
        key = LoopKeys.of(getRuntimeContext(), loopId);
        channel = FeedbackBroker.channel(key);
        channel.registerConsumer(
                this::onEvent, command -> mailbox.execute(command::run, "feedback " + loopId));
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        IN value = element.getValue();
        awaitProgress(progressNeeded.applyAsLong(value));
        output.collect(element.replace(Either.Right(value)));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        channel.openLog(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        progressState.update(List.of(progress));
    }

    @Override
    public void finish() throws Exception {
        // All input has passed: later feedback can change nothing downstream.
        finished = true;
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (key != null) {
            FeedbackBroker.remove(key);
        }
        super.close();
    }

    private void awaitProgress(long needed) throws Exception {
        boolean inTime = MailboxWait.until(mailbox, () -> progress >= needed || ended, timeout);
        if (progress >= needed) {
            return;
        }
        if (!inTime) {
            throw new TimeoutException(
                    String.format(
                            "loop %s: no feedback brought progress %d within %s (reached %d)",
                            loopId, needed, timeout, progress));
        }
        throw new IllegalStateException(
                String.format(
                        "loop %s ended while its head waited for progress %d (reached %d)",
                        loopId, needed, progress));
    }

    private void onEvent(FeedbackEvent<FB> event) {
        if (event instanceof FeedbackEvent.Element<FB> element) {
            if (element.replayed()) {
                replayed.inc();
            }
            if (!finished) {
                progress = Math.max(progress, progressOf.applyAsLong(element.value()));
                output.collect(new StreamRecord<>(Either.Left(element.value())));
            }
        } else {
            ended = true;
        }
    }
}
