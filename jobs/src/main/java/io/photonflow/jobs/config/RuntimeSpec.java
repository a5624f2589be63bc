package io.photonflow.jobs.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.photonflow.math.Sharding;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the job runs.
 *
 * @param blasThreads threads each BLAS call may use; every operator is a thread already, so 1 keeps
 *     them from competing, more helps when the pipeline is mostly sequential (staleness 0)
 * @param webUiPort port of Flink's web dashboard on 127.0.0.1 for local runs; 0 turns it off
 * @param progressEvery print training progress every this many steps
 * @param feedbackTimeout longest a layer waits for fed-back weights before failing its task
 * @param placement how operators share slots: {@code shared} (the whole job in one slot, what a
 *     local run has) or {@code per-layer} (each layer with its update in a slot of its own, so a
 *     cluster spreads layers over TaskManagers)
 * @param shards column shards of the hidden layers: one value for all of them, or one per hidden
 *     layer; 1 keeps each layer whole (see {@link Sharding})
 */
public record RuntimeSpec(
        int blasThreads,
        int webUiPort,
        int progressEvery,
        String feedbackTimeout,
        Placement placement,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> shards)
        implements Serializable, ConfigSection {

    /** Slot sharing of the training dataflow. */
    public enum Placement {
        SHARED,
        PER_LAYER
    }

    /** The shards of the hidden layers, as the learning rule takes them. */
    public Sharding sharding() {
        return shards == null ? null : new Sharding(shards);
    }

    public Duration feedbackTimeoutDuration() {
        return Durations.parse(feedbackTimeout);
    }

    @Override
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (blasThreads < 1) {
            problems.add(path + ".blas-threads must be at least 1, got " + blasThreads);
        }
        if (webUiPort < 0 || webUiPort > 65535) {
            problems.add(path + ".web-ui-port must be a port number or 0, got " + webUiPort);
        }
        if (progressEvery < 1) {
            problems.add(path + ".progress-every must be at least 1, got " + progressEvery);
        }
        Durations.check(feedbackTimeout, path + ".feedback-timeout", problems);
        if (placement == null) {
            problems.add(path + ".placement must be one of shared, per-layer");
        }
        if (shards == null || shards.isEmpty() || shards.contains(null)) {
            problems.add(path + ".shards must be a number of shards, or one per hidden layer");
        }
        return problems;
    }
}
