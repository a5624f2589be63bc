package io.photonflow.jobs.cli;

import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.LocalCheckpoints;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) or SIGTERM while a local job runs. Left to the JVM, either ends the process while
 * the job's sinks hold unwritten records and half-written files; here the first one cancels the job
 * instead, its sinks close their files, and the command ends once the job has. A second signal ends
 * the process at once, as it would without this.
 *
 * <p>Java has no public API for signals; {@code sun.misc.Signal} (module jdk.unsupported, hence the
 * compiler's warnings) is the supported way to take one. A shutdown hook would not do: it runs
 * while the JVM is already shutting down, at the same time as the hooks of Flink and its RPC system
 * that tear down the cluster the job runs on.
 */
final class Interruption implements AutoCloseable {

    /** The exit code of a command stopped by a signal: 128 + SIGINT, as shells report it. */
    static final int EXIT_CODE = 130;

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final JobClient job;
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile boolean happened;

    private Interruption(JobClient job) {
        this.job = job;
    }

    /**
     * Waits for the local {@code job} of {@code config} to end, cancelling it on the first signal,
     * then deletes its checkpoints.
     *
     * @return whether the job ended by itself; false when a signal cancelled it
     */
    static boolean awaitEnd(JobClient job, JobConfig config) throws Exception {
        Interruption interruption = cancelling(job);
        try {
            job.getJobExecutionResult().get();
            return true;
        } catch (ExecutionException e) {
            if (!interruption.happened()) {
                throw e;
            }
            return false;
        } finally {
            interruption.close();
            LocalCheckpoints.discard(config, job.getJobID());
        }
    }

    /** Cancels {@code job} on the first signal, until closed. */
    private static Interruption cancelling(JobClient job) {
        Interruption interruption = new Interruption(job);
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                interruption.previous.put(signal, Signal.handle(signal, interruption::interrupt));
            } catch (IllegalArgumentException reserved) {
                // the JVM runs with -Xrs or reserves the signal: it keeps its default
            }
        }
        return interruption;
    }

    /** Whether a signal cancelled the job. */
    boolean happened() {
        return happened;
    }

    private synchronized void interrupt(Signal signal) {
        if (happened) {
            return;
        }
        happened = true;
        restore();
        System.err.println(
                "interrupted (SIG"
                        + signal.getName()
                        + "): stopping the job and closing its files; again to quit at once");
        job.cancel();
    }

    private synchronized void restore() {
        previous.forEach(Signal::handle);
        previous.clear();
    }

    @Override
    public void close() {
        restore();
    }
}
