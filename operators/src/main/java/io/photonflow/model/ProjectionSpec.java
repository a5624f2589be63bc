package io.photonflow.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How the output error is projected to the hidden layers under DFA.
 *
 * @param kind the projection device
 */
public record ProjectionSpec(Kind kind) implements Serializable {

    /** Available projection devices. */
    public enum Kind {
        /** A dense, seeded Gaussian matrix: digital DFA. */
        GAUSSIAN
    }

    /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(path + ".kind must be one of gaussian");
        }
        return problems;
    }
}
