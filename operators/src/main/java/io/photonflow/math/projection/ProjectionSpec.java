package io.photonflow.math.projection;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How the output error is projected to the hidden layers under DFA.
 *
 * @param kind the projection device
 * @param opu the simulated optical device's settings, used when kind is {@code opu} (checked
 *     always, so that a mistake shows before the kind is switched)
 */
public record ProjectionSpec(Kind kind, OpuSettings opu) implements Serializable {

    /** Available projection devices. */
    public enum Kind {
        /** A dense, seeded Gaussian matrix: digital DFA. */
        GAUSSIAN,
        /** A physics-level simulation of an optical processing unit: optical DFA. */
        OPU,
        /** An implicit randomized Hadamard projection that stores no matrix. */
        STRUCTURED
    }

    /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(path + ".kind must be one of gaussian, opu, structured");
        }
        if (opu == null) {
            problems.add(path + ".opu is missing");
        } else {
            problems.addAll(opu.problems(path + ".opu"));
        }
        return problems;
    }
}
