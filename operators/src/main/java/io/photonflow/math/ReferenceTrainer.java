package io.photonflow.math;

import io.photonflow.data.BatchPlan;
import io.photonflow.data.Dataset;
import io.photonflow.model.Algorithm;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.NetworkSpec.LayerShape;
import io.photonflow.model.TrainingSetup;
import io.photonflow.model.TrainingSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a network in one thread, in one loop, with exactly the arithmetic of the dataflow: the
 * same layer, loss, projection and optimizer code, the same minibatch order and the same
 * bounded-staleness rule (the forward pass of step k uses weight version k-1-s). Its final
 * weights are the yardstick the dataflow is tested against, bit for bit.
 */
public final class ReferenceTrainer {

    private final TrainingSetup setup;
    private final List<LayerLearner> learners = new ArrayList<>();
    private final List<Deque<Version>> versions = new ArrayList<>();
    private final FeedbackProjection projection;
    private final List<Integer> hiddenWidths;

    public ReferenceTrainer(TrainingSetup setup) {
        this.setup = setup;
        NetworkSpec network = setup.network();
        for (LayerShape shape : network.layers()) {
            LayerLearner learner =
                    LayerLearner.initial(
                            new DenseLayer(shape), setup.optimizer(), setup.seeds().init());
            learners.add(learner);
            Deque<Version> history = new ArrayDeque<>();
            history.add(new Version(0, learner.weights().copy()));
            versions.add(history);
        }
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

    /** Trains for the configured number of epochs, evaluating on {@code test} after each. */
    public Result train(Dataset train, Dataset test) {
        TrainingSpec schedule = setup.training();
        BatchPlan plan = new BatchPlan(train.size(), schedule.batchSize(), setup.seeds().data());
        List<Evaluation> evaluations = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < schedule.epochs(); epoch++) {
            for (int index = 0; index < plan.stepsPerEpoch(); index++) {
                step++;
                int[] rows = plan.batch(epoch, index);
                INDArray x = NdArrays.matrix(train.rows(rows), rows.length, train.featureCount());
                trainStep(step, x, train.labels(rows));
            }
            evaluations.add(evaluate(test, schedule.evalBatchSize()));
        }
        List<LayerWeights> finalWeights = new ArrayList<>();
        for (LayerLearner learner : learners) {
            finalWeights.add(learner.weights().copy());
        }
        return new Result(finalWeights, evaluations, step);
    }

    private void trainStep(long step, INDArray x, int[] labels) {
        long required = setup.training().requiredVersion(step);
        int depth = learners.size();
        INDArray[] inputs = new INDArray[depth];
        INDArray[] derivatives = new INDArray[depth];
        INDArray h = x;
        for (int l = 0; l < depth; l++) {
            LayerWeights weights = version(l, required);
            ForwardResult forward =
                    learners.get(l).layer().forward(h, weights.weights(), weights.bias(), true);
            inputs[l] = h;
            derivatives[l] = l == depth - 1 ? null : forward.derivative();
            h = forward.output();
        }
        INDArray error = SoftmaxCrossEntropy.evaluate(h, labels).error();
        if (setup.algorithm() == Algorithm.DFA) {
            List<INDArray> signals =
                    projection == null
                            ? List.of()
                            : Projections.split(projection.project(error), hiddenWidths);
            for (int l = 0; l < depth; l++) {
                INDArray signal = l == depth - 1 ? error : signals.get(l);
                learners.get(l).learn(inputs[l], derivatives[l], signal, false);
            }
        } else {
            INDArray signal = error;
            for (int l = depth - 1; l >= 0; l--) {
                signal = learners.get(l).learn(inputs[l], derivatives[l], signal, l > 0)
                        .backpropagated();
            }
        }
        long oldestNeeded = setup.training().requiredVersion(step + 1);
        for (int l = 0; l < depth; l++) {
            Deque<Version> history = versions.get(l);
            history.add(new Version(step, learners.get(l).weights().copy()));
            while (history.peekFirst().number() < oldestNeeded) {
                history.removeFirst();
            }
        }
    }

    private LayerWeights version(int layer, long number) {
        for (Version version : versions.get(layer)) {
            if (version.number() == number) {
                return version.weights();
            }
        }
        throw new IllegalStateException("weight version " + number + " of layer " + layer + " is gone");
    }

    private Evaluation evaluate(Dataset test, int batchSize) {
        EvaluationAccumulator accumulator = new EvaluationAccumulator();
        for (int start = 0; start < test.size(); start += batchSize) {
            int[] rows = IntStream.range(start, Math.min(test.size(), start + batchSize)).toArray();
            INDArray h = NdArrays.matrix(test.rows(rows), rows.length, test.featureCount());
            for (LayerLearner learner : learners) {
                LayerWeights weights = learner.weights();
                h = learner.layer().forward(h, weights.weights(), weights.bias(), false).output();
            }
            accumulator.add(SoftmaxCrossEntropy.evaluate(h, test.labels(rows)));
        }
        return new Evaluation(accumulator.loss(), accumulator.accuracy());
    }

    private record Version(long number, LayerWeights weights) {}

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
     */
    public record Result(List<LayerWeights> weights, List<Evaluation> epochs, long steps) {}
}
