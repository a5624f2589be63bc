package io.photonflow.math;

import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The authoritative parameters of one layer and their optimizer state: what an update operator
 * owns. It turns a minibatch's update context (the layer's input and f'(a)) and learning signal
 * into one optimizer step, and counts the steps it has taken (the weights' version).
 */
public final class LayerLearner {

    private final Layer layer;
    private final Optimizer optimizer;
    private final double weightDecay;
    private LayerWeights current;
    private final ParameterState weightsState;
    private final ParameterState biasState;
    private long version;
    private long skippedUpdates;
    private double learningRateMultiplier = 1.0;

    /**
     * A learner at version 0 with its layer's initial weights and a fresh optimizer, outside any
     * workspace.
     *
     * @param totalSteps length of the run, for the learning-rate schedule (0 when unknown)
     */
    public static LayerLearner initial(
            Layer layer, OptimizerSpec spec, long totalSteps, StartingPoint initial) {
        Optimizer optimizer = Optimizer.of(spec, totalSteps);
        LayerWeights weights = initial.of(layer.shape());
        return Workspaces.detached(
                () ->
                        new LayerLearner(
                                layer,
                                spec,
                                totalSteps,
                                weights,
                                optimizer.initialState(weights.weights().shape()),
                                optimizer.initialState(weights.bias().shape()),
                                0,
                                0));
    }

    /**
     * A learner resumed from checkpointed parameters and optimizer state; the arrays must live
     * outside any workspace, since the learner keeps them across steps.
     */
    public LayerLearner(
            Layer layer,
            OptimizerSpec spec,
            long totalSteps,
            LayerWeights weights,
            ParameterState weightsState,
            ParameterState biasState,
            long version,
            long skippedUpdates) {
        this.layer = layer;
        LearningRateSchedule schedule = LearningRateSchedule.of(spec.schedule(), totalSteps);
        // Times 1.0 outside a boost: the same rates, to the bit, as the schedule alone.
        this.optimizer = Optimizer.of(spec, step -> schedule.factor(step) * learningRateMultiplier);
        this.weightDecay = spec.weightDecay();
        this.current = weights;
        this.weightsState = weightsState;
        this.biasState = biasState;
        this.version = version;
        this.skippedUpdates = skippedUpdates;
    }

    /**
     * Learns from one minibatch and advances the version by one.
     *
     * @param input the layer's input x of the minibatch
     * @param derivative f'(a) of the minibatch, null for the classifier
     * @param signal the learning signal: e for the classifier, e B_l (DFA) or delta_{l+1} W_{l+1}^T
     *     (BP) for a hidden layer
     * @param backpropagate whether to return the BP signal for the layer below
     * @return the outcome, with delta W^T (from the weights before this step) when asked for
     */
    public Outcome learn(
            INDArray input, INDArray derivative, INDArray signal, boolean backpropagate) {
        return learnInto(current, input, derivative, signal, backpropagate, 1.0);
    }

    /**
     * {@link #learn(INDArray, INDArray, INDArray, boolean)} with the learning rate of this one step
     * multiplied by {@code multiplier} (a drift reaction's boost).
     */
    public Outcome learn(
            INDArray input,
            INDArray derivative,
            INDArray signal,
            boolean backpropagate,
            double multiplier) {
        return learnInto(current, input, derivative, signal, backpropagate, multiplier);
    }

    /**
     * {@link #learn(INDArray, INDArray, INDArray, boolean, double)} writing the new version into
     * {@code target} instead of over the current weights, which are left as they were; {@code
     * target} becomes {@link #weights()}. A ring of weight versions for bounded staleness without a
     * copy per step: the reference trainer's. The same bits as learning in place.
     */
    public Outcome learnInto(
            LayerWeights target,
            INDArray input,
            INDArray derivative,
            INDArray signal,
            boolean backpropagate,
            double multiplier) {
        INDArray[] downstream = new INDArray[1];
        boolean applied =
                step(
                        input,
                        derivative,
                        signal,
                        backpropagate ? values -> downstream[0] = values : null,
                        target,
                        multiplier);
        return new Outcome(applied, downstream[0]);
    }

    /**
     * Learns from one minibatch, handing delta W^T (from the weights before this step) to {@code
     * downstream} as soon as it is computed, before this layer's gradients and optimizer step: a
     * dataflow sends it to the layer below, which starts while this one finishes. The same
     * operations in the same order as {@link #learn(INDArray, INDArray, INDArray, boolean)}.
     *
     * @param downstream receives delta W^T, valid during the call only; null when not asked for
     * @param multiplier multiplies this one step's learning rate (a drift reaction's boost)
     * @return false when the update had non-finite entries and was dropped
     */
    public boolean learn(
            INDArray input,
            INDArray derivative,
            INDArray signal,
            Consumer<INDArray> downstream,
            double multiplier) {
        return step(input, derivative, signal, downstream, current, multiplier);
    }

    private boolean step(
            INDArray input,
            INDArray derivative,
            INDArray signal,
            Consumer<INDArray> downstream,
            LayerWeights target,
            double multiplier) {
        learningRateMultiplier = multiplier;
        try {
            return step(input, derivative, signal, downstream, target);
        } finally {
            learningRateMultiplier = 1.0;
        }
    }

    private boolean step(
            INDArray input,
            INDArray derivative,
            INDArray signal,
            Consumer<INDArray> downstream,
            LayerWeights target) {
        long step = version + 1;
        INDArray delta = layer.delta(signal, derivative);
        if (downstream != null) {
            downstream.accept(layer.backpropagate(delta, current.weights(), step));
        }
        Gradients gradients = layer.gradients(input, delta, step);
        version = step;
        if (!gradients.isFinite()) {
            skippedUpdates++;
            if (target != current) {
                target.assign(current);
                current = target;
            }
            return false;
        }
        INDArray weightGradient = gradients.weights();
        if (weightDecay != 0) {
            weightGradient.addi(current.weights().mul(weightDecay));
        }
        optimizer.step(current.weights(), weightGradient, weightsState, target.weights());
        optimizer.step(current.bias(), gradients.bias(), biasState, target.bias());
        current = target;
        return true;
    }

    /**
     * Resets the optimizer's state of the weights and the bias ({@link ParameterState#reset}): the
     * next step starts the optimizer afresh from the current weights. The version is kept.
     */
    public void resetOptimizerState() {
        weightsState.reset();
        biasState.reset();
    }

    public Layer layer() {
        return layer;
    }

    /**
     * The current parameters; live, so copy them before publishing. After {@link #learnInto} they
     * are the arrays it was given.
     */
    public LayerWeights weights() {
        return current;
    }

    public ParameterState weightsState() {
        return weightsState;
    }

    public ParameterState biasState() {
        return biasState;
    }

    /** Minibatches learned from: the version of {@link #weights()}. */
    public long version() {
        return version;
    }

    /** Minibatches whose update was dropped because it was not finite. */
    public long skippedUpdates() {
        return skippedUpdates;
    }

    /**
     * The result of one {@link #learn} call.
     *
     * @param applied false when the update had non-finite entries and was dropped
     * @param backpropagated delta W^T for the layer below, or null when not asked for
     */
    public record Outcome(boolean applied, INDArray backpropagated) {}
}
