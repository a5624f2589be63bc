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
 * @param atShards with kind {@code gaussian}: each hidden layer's shards (a whole layer is one)
 *     draw their own blocks of B from the seed and project the output error themselves, so that
 *     only e travels to them, instead of one projection for all sending each its block of e B
 */
public record ProjectionSpec(Kind kind, OpuSettings opu, boolean atShards) implements Serializable {

    /** One projection for all hidden layers. */
    public ProjectionSpec(Kind kind, OpuSettings opu) {
        this(kind, opu, false);
    }

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
        if (atShards && kind != null && kind != Kind.GAUSSIAN) {
            problems.add(
                    path
                            + ".at-shards needs kind gaussian: the "
                            + kind.name().toLowerCase(java.util.Locale.ROOT)
                            + " projection stands for one device, which projects for all layers");
        }
        if (opu == null) {
            problems.add(path + ".opu is missing");
        } else {
            problems.addAll(opu.problems(path + ".opu"));
        }
        return problems;
    }
}
