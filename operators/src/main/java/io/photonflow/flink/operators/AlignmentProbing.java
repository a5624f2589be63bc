package io.photonflow.flink.operators;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.math.LearningRule;
import io.photonflow.math.LearningRule.Source;
import java.io.Serializable;
import org.apache.flink.util.OutputTag;

/**
 * The alignment diagnostic of a DFA network: on every {@code every}-th step, backprop's signal
 * follows its path down the update operators beside DFA's. The classifier's update starts it (its
 * delta W^T), every hidden layer's update measures the angle between its DFA update and backprop's,
 * and passes backprop's signal on down.
 *
 * @param every measure every this many steps; 0 never
 * @param measurements where the hidden layers' measurements go
 */
public record AlignmentProbing(long every, OutputTag<AlignmentMeasurement> measurements)
        implements Serializable {

    /** No probing. */
    public static AlignmentProbing off() {
        return new AlignmentProbing(0, null);
    }

    /** Whether probes run at all under {@code rule}: only DFA has something to compare. */
    public boolean enabled(LearningRule rule) {
        return every > 0 && rule.projects();
    }

    /** Whether {@code layer}'s update starts a probe at {@code step}: the classifier's. */
    boolean starts(LearningRule rule, int layer, long step) {
        return sampled(rule, step) && rule.source(layer) == Source.OUTPUT_ERROR;
    }

    /** Whether {@code layer}'s update measures at {@code step}: every DFA hidden layer's. */
    boolean measures(LearningRule rule, int layer, long step) {
        return sampled(rule, step) && rule.source(layer) == Source.PROJECTION;
    }

    private boolean sampled(LearningRule rule, long step) {
        return enabled(rule) && step % every == 0;
    }
}
