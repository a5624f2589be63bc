package io.photonflow.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the job runs.
 *
 * @param blasThreads threads each BLAS call may use; every operator is a thread already, so 1
 *     keeps them from competing, more helps when the pipeline is mostly sequential (staleness 0)
 * @param webUiPort port of Flink's web dashboard on 127.0.0.1 for local runs; 0 turns it off
 * @param progressEvery print training progress every this many steps
 * @param feedbackTimeout longest a layer waits for fed-back weights before failing its task
 */
public record RuntimeSpec(
        int blasThreads, int webUiPort, int progressEvery, String feedbackTimeout)
        implements Serializable {

    public Duration feedbackTimeoutDuration() {
        return Durations.parse(feedbackTimeout);
    }

    List<String> problems(String path) {
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
        return problems;
    }
}
