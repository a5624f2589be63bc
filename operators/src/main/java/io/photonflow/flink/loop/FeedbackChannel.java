package io.photonflow.flink.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A single-producer, single-consumer hand-over of feedback events that also keeps the logs of open
 * checkpoints.
 *
 * <p>The producer (tail) never blocks on the consumer; the consumer (head) receives events on its
 * own executor (its mailbox thread), in the order they were sent, so it needs no locking against
 * its other work. Events sent before the consumer registers wait in the queue.
 *
 * <p>A checkpoint's log holds every element the consumer had not consumed when the log was opened
 * (still queued) and every element sent after, until the log is closed. Opening a log must happen
 * on the consumer's thread, so that no element is consumed while the queue is copied; send, open
 * and close synchronize on the channel, so that every element is either queued at the opening or
 * sent after it.
 */
final class FeedbackChannel<T> {

    private final Queue<FeedbackEvent<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final TreeMap<Long, List<T>> openLogs = new TreeMap<>();
    private volatile Executor executor;
    private volatile Consumer<FeedbackEvent<T>> consumer;
    private volatile boolean consumerGone;

    void send(FeedbackEvent<T> event) {
        if (consumerGone) {
            return;
        }
        synchronized (this) {
            queue.add(event);
            if (event instanceof FeedbackEvent.Element<T> element) {
                for (List<T> log : openLogs.values()) {
                    log.add(element.value());
                }
            }
        }
        scheduleDrain();
    }

    void registerConsumer(Consumer<FeedbackEvent<T>> consumer, Executor executor) {
        this.consumer = consumer;
        this.executor = executor;
        scheduleDrain();
    }

    /** Starts the log of {@code checkpointId}. Call on the consumer's thread. */
    synchronized void openLog(long checkpointId) {
        List<T> log = new ArrayList<>();
        for (FeedbackEvent<T> event : queue) {
            if (event instanceof FeedbackEvent.Element<T> element) {
                log.add(element.value());
            }
        }
        openLogs.put(checkpointId, log);
    }

    /**
     * Ends the log of {@code checkpointId} and returns it; logs of older checkpoints, which can no
     * longer complete, are dropped. A log that was never opened is empty: the consumer had finished
     * before the checkpoint, and nothing fed back matters to it any more.
     */
    synchronized List<T> closeLog(long checkpointId) {
        List<T> log = openLogs.remove(checkpointId);
        openLogs.headMap(checkpointId).clear();
        return log == null ? List.of() : log;
    }

    /** Forgets the log of an aborted checkpoint. */
    synchronized void dropLog(long checkpointId) {
        openLogs.remove(checkpointId);
    }

    private void scheduleDrain() {
        Executor target = executor;
        if (target == null || !drainScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            target.execute(this::drain);
        } catch (RejectedExecutionException mailboxClosed) {
            // The head's task has ended; nothing it would do with feedback matters any more.
            consumerGone = true;
            synchronized (this) {
                queue.clear();
                openLogs.clear();
            }
        }
    }

    private void drain() {
        // Cleared before polling, so an event sent while we drain schedules another drain.
        drainScheduled.set(false);
        FeedbackEvent<T> event;
        while ((event = queue.poll()) != null) {
            consumer.accept(event);
        }
    }
}
