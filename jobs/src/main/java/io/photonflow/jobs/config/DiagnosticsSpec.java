package io.photonflow.jobs.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Optional measurements that cost time and change nothing in the training.
 *
 * @param alignmentEvery under DFA, measure every this many steps the angle between each hidden
 *     layer's update and the backprop gradient (written to {@code alignment.avro} and the {@code
 *     alignmentAngle} metric); 0 turns it off
 */
public record DiagnosticsSpec(long alignmentEvery) implements Serializable, ConfigSection {

    @Override
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (alignmentEvery < 0) {
            problems.add(
                    path
                            + ".alignment-every must be 0 (off) or a number of steps, got "
                            + alignmentEvery);
        }
        return problems;
    }
}
