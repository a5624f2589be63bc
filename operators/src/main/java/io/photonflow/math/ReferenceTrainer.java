package io.photonflow.math;

import io.photonflow.data.BatchPlan;
import io.photonflow.data.Dataset;
import io.photonflow.model.Algorithm;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.NetworkSpec.LayerShape;
import io.photonflow.model.TrainingSetup;
import io.photonflow.model.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import io.photonflow.math.projection.FeedbackProjection;
import io.photonflow.math.projection.Projections;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a network in one thread, in one loop, with exactly the arithmetic of the dataflow: the
 * same layer, loss, projection and optimizer code, the same minibatch order and the same
 * bounded-staleness rule (the forward pass of step k uses weight version k-1-s). Its final
 * weights are the yardstick the dataflow is tested against, bit for bit.
 */
public final class ReferenceTrainer {

    private final TrainingSetup setup;
    private final long alignmentEvery;
    private final List<Alignment> alignment = new ArrayList<>();
    private final List<LayerLearner> learners = new ArrayList<>();
    private final List<WeightHistory> histories = new ArrayList<>();
    private final FeedbackProjection projection;
    private final List<Integer> hiddenWidths;

    public ReferenceTrainer(TrainingSetup setup) {
        this(setup, 0);
    }

    /**
     * @param alignmentEvery under DFA, measure every this many steps how each hidden layer's
     *     update aligns with backprop's (0: never), as the dataflow's probes do
     */
    public ReferenceTrainer(TrainingSetup setup, long alignmentEvery) {
        this.setup = setup;
        this.alignmentEvery = alignmentEvery;
        NetworkSpec network = setup.network();
        this.hiddenWidths = network.hidden();
        this.projection =
                setup.algorithm() == Algorithm.DFA && !hiddenWidths.isEmpty()
                        ? Projections.create(
                                setup.projection(),
                                network.classes(),
                                network.totalHiddenWidth(),
                                setup.seeds().feedback())
                        : null;
    }

    /**
     * Trains a fresh network for the configured number of epochs, evaluating on {@code test}
     * after each.
     */
    public Result train(Dataset train, Dataset test) {
        TrainingSpec schedule = setup.training();
        BatchPlan plan = new BatchPlan(train.size(), schedule.batchSize(), setup.seeds().data());
        initialize((long) plan.stepsPerEpoch() * schedule.epochs());
        alignment.clear();
        List<Evaluation> evaluations = new ArrayList<>();
        long step = 0;
        long trainingNanos = 0;
        for (int epoch = 0; epoch < schedule.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            for (int index = 0; index < plan.stepsPerEpoch(); index++) {
                int[] rows = plan.batch(epoch, index);
                long current = ++step;
                Workspaces.step(
                        "reference-step",
                        () ->
                                trainStep(
                                        current,
                                        NdArrays.matrix(
                                                train.rows(rows), rows.length, train.featureCount()),
                                        train.labels(rows)));
            }
            trainingNanos += System.nanoTime() - epochStart;
            long evaluated = step;
            evaluations.add(
                    Workspaces.step(
                            "reference-evaluation",
                            () -> evaluate(test, schedule.evalBatchSize(), evaluated)));
        }
        List<LayerWeights> finalWeights = new ArrayList<>();
        for (LayerLearner learner : learners) {
            LayerWeights copy = LayerWeights.detachedZeros(learner.layer().shape());
            copy.assign(learner.weights());
            finalWeights.add(copy);
        }
        return new Result(
                finalWeights, evaluations, step, trainingNanos / 1e9, List.copyOf(alignment));
    }

    private void initialize(long totalSteps) {
        learners.clear();
        histories.clear();
        for (LayerShape shape : setup.network().layers()) {
            LayerLearner learner =
                    LayerLearner.initial(
                            new DenseLayer(shape),
                            setup.optimizer(),
                            totalSteps,
                            setup.seeds().init());
            learners.add(learner);
            WeightHistory history = new WeightHistory(shape, setup.training().staleness());
            history.record(0, learner.weights());
            histories.add(history);
        }
    }

    private void trainStep(long step, INDArray x, int[] labels) {
        long required = setup.training().requiredVersion(step);
        int depth = learners.size();
        INDArray[] inputs = new INDArray[depth];
        INDArray[] derivatives = new INDArray[depth];
        INDArray h = x;
        for (int l = 0; l < depth; l++) {
            LayerWeights weights = histories.get(l).get(required);
            boolean classifier = l == depth - 1;
            ForwardResult forward =
                    learners.get(l)
                            .layer()
                            .forward(h, weights.weights(), weights.bias(), true, step);
            if (classifier) {
                forward = new ForwardResult(forward.output(), null);
            }
            inputs[l] = h;
            derivatives[l] = forward.derivative();
            h = forward.output();
        }
        INDArray error = SoftmaxCrossEntropy.evaluate(h, labels).error();
        if (setup.algorithm() == Algorithm.DFA) {
            List<INDArray> signals =
                    projection == null
                            ? List.of()
                            : Projections.split(projection.project(error), hiddenWidths);
            if (alignmentEvery > 0 && step % alignmentEvery == 0) {
                probe(step, inputs, derivatives, error, signals);
            }
            for (int l = 0; l < depth; l++) {
                INDArray signal = l == depth - 1 ? error : signals.get(l);
                learners.get(l).learn(inputs[l], derivatives[l], signal, false);
            }
        } else {
            INDArray signal = error;
            for (int l = depth - 1; l >= 0; l--) {
                signal =
                        learners.get(l)
                                .learn(inputs[l], derivatives[l], signal, l > 0)
                                .backpropagated();
            }
        }
        for (int l = 0; l < depth; l++) {
            histories.get(l).record(step, learners.get(l).weights());
        }
    }

    /** Backprop's signal down the hidden layers, with the weights before this step's updates. */
    private void probe(
            long step,
            INDArray[] inputs,
            INDArray[] derivatives,
            INDArray error,
            List<INDArray> dfaSignals) {
        LayerLearner classifier = learners.get(learners.size() - 1);
        INDArray probe =
                classifier.layer().backpropagate(error, classifier.weights().weights(), step);
        for (int l = learners.size() - 2; l >= 0; l--) {
            LayerLearner learner = learners.get(l);
            AlignmentProbe.Measurement measurement =
                    AlignmentProbe.measure(
                            learner.layer(),
                            step,
                            inputs[l],
                            derivatives[l],
                            dfaSignals.get(l),
                            probe,
                            learner.weights().weights());
            alignment.add(new Alignment(step, l, measurement.angleDegrees()));
            probe = measurement.downstream();
        }
    }

    private Evaluation evaluate(Dataset test, int batchSize, long step) {
        EvaluationAccumulator accumulator = new EvaluationAccumulator();
        for (int start = 0; start < test.size(); start += batchSize) {
            int[] rows = IntStream.range(start, Math.min(test.size(), start + batchSize)).toArray();
            INDArray h = NdArrays.matrix(test.rows(rows), rows.length, test.featureCount());
            for (LayerLearner learner : learners) {
                LayerWeights weights = learner.weights();
                h =
                        learner.layer()
                                .forward(h, weights.weights(), weights.bias(), false, step)
                                .output();
            }
            accumulator.add(SoftmaxCrossEntropy.evaluate(h, test.labels(rows)));
        }
        return new Evaluation(accumulator.loss(), accumulator.accuracy());
    }

    /**
     * Loss and accuracy over a whole dataset.
     *
     * @param loss mean cross-entropy
     * @param accuracy fraction classified correctly
     */
    public record Evaluation(double loss, double accuracy) {}

    /**
     * What a training run produced.
     *
     * @param weights final parameters of every layer, input to output
     * @param epochs test-set evaluation after each epoch
     * @param steps minibatch updates applied
     * @param trainingSeconds wall-clock time of the training steps (evaluations left out)
     * @param alignment the alignment measurements, in order of step, top layer first
     */
    public record Result(
            List<LayerWeights> weights,
            List<Evaluation> epochs,
            long steps,
            double trainingSeconds,
            List<Alignment> alignment) {}

    /**
     * One alignment measurement.
     *
     * @param step the training step
     * @param layer the hidden layer
     * @param angleDegrees angle between its DFA update and the backprop gradient
     */
    public record Alignment(long step, int layer, double angleDegrees) {}
}
