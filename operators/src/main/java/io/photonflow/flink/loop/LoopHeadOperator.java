package io.photonflow.flink.loop;

import io.photonflow.flink.operators.Metrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.YieldingOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * The head of a feedback loop: merges the fed-back records (Left) into its forward input (Right),
 * and holds each input record back until the feedback has brought the loop as far as the record
 * needs.
 *
 * <p>It holds up to {@code holdLimit} records without blocking its input, so that records the
 * {@link OvertakingRule} lets through (a layer's predictions) pass held ones whose progress has not
 * arrived yet (training minibatches); the others pass in the order they arrived. One record more,
 * and it blocks until the feedback has released some: holding back beyond the limit, rather than
 * buffering, keeps Flink's backpressure on the input. With a limit of 0 every record waits for its
 * turn. Held records are operator state, and a timer fails the task when one has waited longer than
 * the timeout.
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
        implements OneInputStreamOperator<IN, Either<FB, IN>>,
                BoundedOneInput,
                YieldingOperator<Either<FB, IN>> {

    private static final long serialVersionUID = 1L;

    private final String loopId;
    private final Duration timeout;
    private final ProgressFunction<FB> progressOf;
    private final ProgressFunction<IN> progressNeeded;
    private final long initialProgress;
    private final int holdLimit;
    private final OvertakingRule<IN> overtaking;

    private transient MailboxExecutor mailbox;
    private transient FeedbackKey key;
    private transient FeedbackChannel<FB> channel;
    private transient ListState<Long> progressState;
    private transient ListState<IN> heldState;
    private transient ArrayDeque<Held<IN>> held;
    private transient Counter replayed;
    private transient long progress;
    private transient boolean ended;
    private transient boolean finished;
    private transient boolean timerSet;

    /**
     * @param loopId names the loop; the tail uses the same id
     * @param timeout longest wait for the progress an input record needs
     * @param progressOf the progress a fed-back record brings
     * @param progressNeeded the progress an input record needs before it may pass
     * @param initialProgress the progress before any feedback
     * @param holdLimit records held back without blocking the input
     * @param overtaking the records that may pass held ones
     */
    LoopHeadOperator(
            String loopId,
            Duration timeout,
            ProgressFunction<FB> progressOf,
            ProgressFunction<IN> progressNeeded,
            long initialProgress,
            int holdLimit,
            OvertakingRule<IN> overtaking) {
        this.loopId = loopId;
        this.timeout = timeout;
        this.progressOf = progressOf;
        this.progressNeeded = progressNeeded;
        this.initialProgress = initialProgress;
        this.holdLimit = holdLimit;
        this.overtaking = overtaking;
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
        TypeSerializer<IN> input =
                getOperatorConfig().getTypeSerializerIn(0, getUserCodeClassloader());
        heldState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("loop-held-" + loopId, input));
        progress = initialProgress;
        for (long restored : progressState.get()) {
            progress = Math.max(progress, restored);
        }
        held = new ArrayDeque<>();
        for (IN record : heldState.get()) {
            held.add(new Held<>(record, System.nanoTime(), overtaking.mayOvertake(record)));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        var group = getMetricGroup().addGroup(Metrics.GROUP);
        replayed = group.counter(Metrics.FEEDBACK_REPLAYED);
        group.gauge(Metrics.HELD_RECORDS, (Gauge<Integer>) () -> held.size());
        key = LoopKeys.of(getRuntimeContext(), loopId);
        channel = FeedbackBroker.channel(key);
        channel.registerConsumer(
                this::onEvent, command -> mailbox.execute(command::run, "feedback " + loopId));
        if (!held.isEmpty()) {
            mailbox.execute(this::release, "release restored records of " + loopId);
            watchOldest();
        }
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        IN value = element.getValue();
        Held<IN> record = new Held<>(value, System.nanoTime(), overtaking.mayOvertake(value));
        if (mayPass(record, held.stream().anyMatch(h -> !h.overtakes))) {
            emit(value);
            return;
        }
        held.add(record);
        watchOldest();
        if (held.size() > holdLimit) {
            awaitHeld(holdLimit);
        }
    }

    @Override
    public void endInput() throws Exception {
        awaitHeld(0);
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
        List<IN> records = new ArrayList<>(held.size());
        held.forEach(h -> records.add(h.record));
        heldState.update(records);
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

    private boolean mayPass(Held<IN> record, boolean orderedAhead) {
        return progressNeeded.applyAsLong(record.record) <= progress
                && (!orderedAhead || record.overtakes);
    }

    private void emit(IN value) {
        output.collect(new StreamRecord<>(Either.Right(value)));
    }

    /** Passes every held record that may go now: its progress is there, and its turn has come. */
    private void release() {
        boolean orderedAhead = false;
        for (Iterator<Held<IN>> it = held.iterator(); it.hasNext(); ) {
            Held<IN> next = it.next();
            if (mayPass(next, orderedAhead)) {
                it.remove();
                emit(next.record);
            } else if (!next.overtakes) {
                orderedAhead = true;
            }
        }
    }

    private void awaitHeld(int most) throws Exception {
        boolean inTime = MailboxWait.until(mailbox, () -> held.size() <= most || ended, timeout);
        if (held.size() <= most) {
            return;
        }
        long needed = progressNeeded.applyAsLong(held.peekFirst().record);
        if (!inTime) {
            throw new TimeoutException(waitedTooLong(needed));
        }
        throw new IllegalStateException(
                String.format(
                        "loop %s ended while its head waited for progress %d (reached %d)",
                        loopId, needed, progress));
    }

    private String waitedTooLong(long needed) {
        return String.format(
                "loop %s: no feedback brought progress %d within %s (reached %d)",
                loopId, needed, timeout, progress);
    }

    /** A timer at the oldest held record's deadline, unless one is set. */
    private void watchOldest() {
        if (timerSet || held.isEmpty()) {
            return;
        }
        timerSet = true;
        long waited = System.nanoTime() - held.peekFirst().since;
        long left = Math.max(0, timeout.toMillis() - waited / 1_000_000);
        var time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + left, ignored -> onDeadline());
    }

    private void onDeadline() throws TimeoutException {
        timerSet = false;
        Held<IN> oldest = held.peekFirst();
        if (oldest != null && System.nanoTime() - oldest.since >= timeout.toNanos()) {
            throw new TimeoutException(waitedTooLong(progressNeeded.applyAsLong(oldest.record)));
        }
        watchOldest();
    }

    private void onEvent(FeedbackEvent<FB> event) {
        if (event instanceof FeedbackEvent.Element<FB> element) {
            if (element.replayed()) {
                replayed.inc();
            }
            if (!finished) {
                progress = Math.max(progress, progressOf.applyAsLong(element.value()));
                output.collect(new StreamRecord<>(Either.Left(element.value())));
                release();
            }
        } else {
            ended = true;
        }
    }

    /**
     * An input record held back, since {@code since} ({@link System#nanoTime}); {@code overtakes}:
     * whether it may pass other held records.
     */
    private record Held<T>(T record, long since, boolean overtakes) {}
}
