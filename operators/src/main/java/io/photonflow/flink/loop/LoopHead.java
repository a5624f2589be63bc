package io.photonflow.flink.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/**
 * The head end of a feedback loop, used by the operator that consumes the feedback. It delivers
 * fed-back records to a consumer on the operator's mailbox thread, lets the operator wait for a
 * condition on them without blocking that thread, and makes the loop part of every checkpoint:
 *
 * <ul>
 *   <li>At its snapshot (after its barrier has gone downstream) the head logs every record that
 *       arrives until the tail's sentinel for the same checkpoint; those are exactly the records
 *       in flight on the loop when the checkpoint was cut. The log goes into operator state.
 *   <li>On restore the log is replayed into the consumer before any new feedback, so the loop
 *       edge loses nothing and delivers nothing twice.
 * </ul>
 *
 * <p>The snapshot waits for the sentinel on the mailbox thread; this holds only this operator,
 * whose barrier is already on its way to the tail. A wait that outlasts {@code timeout} fails the
 * task, so that Flink restarts it from the last checkpoint instead of hanging.
 *
 * @param <T> the fed-back records
 */
public final class LoopHead<T> {

    private static final ScheduledExecutorService TICKER =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "photonflow-loop-ticker");
                        thread.setDaemon(true);
                        return thread;
                    });

    private final String loopId;
    private final Duration timeout;
    private final Consumer<T> consumer;

    private MailboxExecutor mailbox;
    private FeedbackKey key;
    private ListState<T> logState;
    private List<T> log;
    private long lastSentinel = Long.MIN_VALUE;
    private boolean ended;

    /**
     * @param loopId names the loop; the tail must use the same id
     * @param timeout longest wait for feedback before the task fails
     * @param consumer receives fed-back records, on the mailbox thread, in order
     */
    public LoopHead(String loopId, Duration timeout, Consumer<T> consumer) {
        this.loopId = loopId;
        this.timeout = timeout;
        this.consumer = consumer;
    }

    /**
     * Replays the restored log, then starts receiving feedback. Call from the operator's {@code
     * initializeState}, after the operator restored its own state.
     *
     * @return the number of records replayed from the log
     */
    public int initialize(
            StreamingRuntimeContext context,
            MailboxExecutor mailboxExecutor,
            OperatorStateStore stateStore,
            TypeSerializer<T> serializer)
            throws Exception {
        this.mailbox = mailboxExecutor;
        this.logState =
                stateStore.getListState(
                        new ListStateDescriptor<>("feedback-log-" + loopId, serializer));
        int replayed = 0;
        for (T logged : logState.get()) {
            consumer.accept(logged);
            replayed++;
        }
        logState.clear();
        this.key = LoopKeys.of(context, loopId);
        FeedbackChannel<T> channel = FeedbackBroker.channel(key);
        channel.registerConsumer(
                this::onEvent, command -> mailbox.execute(command::run, "feedback " + loopId));
        return replayed;
    }

    /**
     * Completes the loop's part of checkpoint {@code checkpointId}: logs the records in flight
     * until the tail's sentinel and stores them. Call from the operator's {@code snapshotState},
     * after the operator stored its own state.
     */
    public void snapshot(long checkpointId) throws Exception {
        log = new ArrayList<>();
        try {
            awaitUntil(
                    () -> lastSentinel >= checkpointId || ended,
                    "sentinel of checkpoint " + checkpointId);
            logState.update(log);
        } finally {
            log = null;
        }
    }

    /**
     * Processes mail (feedback among it) on the calling mailbox thread until {@code condition}
     * holds.
     *
     * @throws TimeoutException when the condition does not hold within the timeout
     * @throws IllegalStateException when the tail finished before the condition held
     */
    public void awaitUntil(BooleanSupplier condition, String what) throws Exception {
        if (condition.getAsBoolean()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // yield() blocks until some mail arrives; periodic no-op mail lets us see the deadline.
        ScheduledFuture<?> ticks =
                TICKER.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        try {
            while (!condition.getAsBoolean()) {
                if (ended) {
                    throw new IllegalStateException(
                            "loop " + loopId + " ended while waiting for the " + what);
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "loop " + loopId + ": no " + what + " within " + timeout);
                }
                mailbox.yield();
            }
        } finally {
            ticks.cancel(false);
        }
    }

    /** Leaves the broker. Call from the operator's {@code close}. */
    public void close() {
        if (key != null) {
            FeedbackBroker.remove(key);
        }
    }

    private void onEvent(FeedbackEvent<T> event) {
        if (event instanceof FeedbackEvent.Element<T> element) {
            if (log != null) {
                log.add(element.value());
            }
            consumer.accept(element.value());
        } else if (event instanceof FeedbackEvent.Sentinel<T> sentinel) {
            lastSentinel = Math.max(lastSentinel, sentinel.checkpointId());
        } else {
            ended = true;
        }
    }

    private void tick() {
        try {
            mailbox.execute(() -> {}, "feedback wait tick " + loopId);
        } catch (RejectedExecutionException mailboxClosed) {
            // The task is shutting down; its wait ends with it.
        }
    }
}
