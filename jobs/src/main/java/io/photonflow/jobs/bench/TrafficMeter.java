package io.photonflow.jobs.bench;

import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a ledger's job to its end and reads, from Flink's own task counters, the bytes its tasks
 * received from other TaskManagers over a window of training steps: on a local cluster of its own
 * ({@link LocalTrafficMeter}) or on a running standalone cluster over REST ({@link
 * ClusterTrafficMeter}).
 */
public interface TrafficMeter {

    /**
     * Runs the job and returns its traffic between two training steps.
     *
     * @param config the job's configuration, loaded
     * @param configFile the file it was loaded from, or null
     * @param overrides the overrides it was loaded with
     * @param fromStep the step the window opens at, or the first step reached after it
     * @param toStep the step it closes at, likewise
     */
    Window measure(
            JobConfig config, Path configFile, List<String> overrides, long fromStep, long toStep)
            throws Exception;

    /** Where the jobs run, in words. */
    String where();

    /**
     * What a window saw.
     *
     * @param steps training steps in the window
     * @param bytes bytes received from other TaskManagers in it, per task
     */
    record Window(long steps, Map<String, Long> bytes) {

        /** The window between two readings of cumulative counters. */
        static Window between(
                long fromStep, Map<String, Long> from, long toStep, Map<String, Long> to) {
            Map<String, Long> bytes = new TreeMap<>();
            to.forEach((task, total) -> bytes.put(task, total - from.getOrDefault(task, 0L)));
            return new Window(toStep - fromStep, bytes);
        }
    }
}
