package io.photonflow.jobs.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Fault injection, for recovery tests and drills.
 *
 * @param failAfterStep when positive, fail once at the first training step at or after this one
 *     that follows a completed checkpoint; 0 disables it
 */
public record FaultSpec(long failAfterStep) implements Serializable, ConfigSection {

    @Override
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (failAfterStep < 0) {
            problems.add(path + ".fail-after-step must be 0 (off) or a step, got " + failAfterStep);
        }
        return problems;
    }
}
