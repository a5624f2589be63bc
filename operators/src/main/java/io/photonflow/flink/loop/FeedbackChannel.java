package io.photonflow.flink.loop;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A single-producer, single-consumer hand-over of feedback events. The producer (tail) never
 * blocks; the consumer (head) receives events on its own executor (its mailbox thread), in the
 * order they were sent, so it needs no locking against its other work. Events sent before the
 * consumer registers wait in the queue.
 */
final class FeedbackChannel<T> {

    private final Queue<FeedbackEvent<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Executor executor;
    private volatile Consumer<FeedbackEvent<T>> consumer;

    void send(FeedbackEvent<T> event) {
        queue.add(event);
        scheduleDrain();
    }

    void registerConsumer(Consumer<FeedbackEvent<T>> consumer, Executor executor) {
        this.consumer = consumer;
        this.executor = executor;
        scheduleDrain();
    }

    private void scheduleDrain() {
        Executor target = executor;
        if (target == null || !drainScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            target.execute(this::drain);
        } catch (RejectedExecutionException consumerGone) {
            // The head's mailbox is closed: its task ended, and nothing it would do with the
            // feedback matters any more.
            queue.clear();
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
