package io.photonflow.math;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer's running state for one parameter tensor: the number of steps taken and the
 * optimizer's slots (momentum buffer, Adam moments), each shaped like the parameter.
 */
public final class ParameterState {

    private long steps;
    private final List<INDArray> slots;

    public ParameterState(long steps, List<INDArray> slots) {
        this.steps = steps;
        this.slots = new ArrayList<>(slots);
    }

    public long steps() {
        return steps;
    }

    /** Counts one more step and returns the new count (1 for the first step). */
    long advance() {
        return ++steps;
    }

    /**
     * Back to the state of a fresh parameter: no steps taken and every slot zero (Adam's moments,
     * SGD's velocity), in place. A learning-rate schedule, which counts the steps, starts over.
     */
    public void reset() {
        steps = 0;
        for (INDArray slot : slots) {
            slot.assign(0);
        }
    }

    public List<INDArray> slots() {
        return List.copyOf(slots);
    }

    INDArray slot(int index) {
        return slots.get(index);
    }
}
