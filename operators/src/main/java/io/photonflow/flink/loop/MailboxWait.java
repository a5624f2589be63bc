package io.photonflow.flink.loop;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.operators.MailboxExecutor;

/**
 * Waits on a mailbox thread without blocking it: processes mail until a condition holds or a
 * timeout passes.
 */
final class MailboxWait {

    private static final long LONGEST_TICK_MILLIS = 1000;

    private static final ScheduledExecutorService TICKER =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "photonflow-loop-ticker");
                        thread.setDaemon(true);
                        return thread;
                    });

    private MailboxWait() {}

    /**
     * Processes mail on the calling mailbox thread until {@code condition} holds.
     *
     * @return whether the condition held within {@code timeout}
     */
    static boolean until(MailboxExecutor mailbox, BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        if (condition.getAsBoolean()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // yield() blocks until some mail arrives; periodic no-op mail lets us see the deadline.
        long tick = Math.max(1, Math.min(LONGEST_TICK_MILLIS, timeout.toMillis() / 4));
        ScheduledFuture<?> ticks =
                TICKER.scheduleAtFixedRate(() -> tick(mailbox), tick, tick, TimeUnit.MILLISECONDS);
        try {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                mailbox.yield();
            }
            return true;
        } finally {
            ticks.cancel(false);
        }
    }

    private static void tick(MailboxExecutor mailbox) {
        try {
            mailbox.execute(() -> {}, "feedback wait tick");
        } catch (RejectedExecutionException mailboxClosed) {
            // The task is shutting down; its wait ends with it.
        }
    }
}
