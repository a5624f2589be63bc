package io.photonflow.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink checkpointing of the training job.
 *
 * @param enabled whether to take checkpoints (and restart from them on failure)
 * @param interval time between checkpoints, e.g. "10 s"
 * @param directory checkpoint storage: a path or a file system URI shared by all TaskManagers;
 *     unset, the cluster's {@code execution.checkpointing.dir} (local runs: runs/checkpoints)
 * @param restartAttempts how many restarts (with exponential back-off) before the job fails
 */
public record CheckpointingSpec(
        boolean enabled, String interval, String directory, int restartAttempts)
        implements Serializable, ConfigSection {

    /** Whether a checkpoint directory is configured. */
    public boolean hasDirectory() {
        return directory != null && !directory.isBlank();
    }

    public Duration intervalDuration() {
        return Durations.parse(interval);
    }

    @Override
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (enabled) {
            Durations.check(interval, path + ".interval", problems);
        }
        if (restartAttempts < 0) {
            problems.add(path + ".restart-attempts must be 0 or more, got " + restartAttempts);
        }
        return problems;
    }
}
