package io.photonflow.training;

import io.photonflow.math.AlignmentProbe;
import io.photonflow.math.EvaluationAccumulator;
import io.photonflow.math.ForwardResult;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerLearner;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.LearningRule;
import io.photonflow.math.NdArrays;
import io.photonflow.math.Sharding;
import io.photonflow.math.SoftmaxCrossEntropy;
import io.photonflow.math.SoftmaxCrossEntropy.OutputError;
import io.photonflow.math.StartingPoint;
import io.photonflow.math.Workspaces;
import io.photonflow.math.projection.BlockwiseProjection;
import io.photonflow.math.projection.FeedbackProjection;
import io.photonflow.math.projection.Projections;
import io.photonflow.model.ModelSelection;
import io.photonflow.model.Phase;
import io.photonflow.model.TrainingSetup;
import io.photonflow.online.PrequentialMonitor;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a network in one thread, in one loop, with exactly the arithmetic of the dataflow: the
 * same layers (dense or graph convolutions, from a {@link LayerFactory}), loss, projection, {@link
 * LearningRule} and optimizer code, the same minibatch order and the same bounded-staleness rule
 * (the forward pass of step k uses weight version k-1-s). Its final weights are the yardstick the
 * dataflow is tested against, bit for bit.
 */
public final class ReferenceTrainer {

    private final TrainingSetup setup;
    private final LayerFactory layers;
    private final long alignmentEvery;
    private final PrequentialMonitor.Settings monitoring;
    private final StartingPoint initial;

    public ReferenceTrainer(TrainingSetup setup, LayerFactory layers) {
        this(setup, layers, 0);
    }

    public ReferenceTrainer(TrainingSetup setup, LayerFactory layers, long alignmentEvery) {
        this(setup, layers, alignmentEvery, null);
    }

    /**
     * @param setup the network, algorithm, optimizer, schedule and seeds
     * @param layers makes the layers (dense ones, or graph convolutions over one graph)
     * @param alignmentEvery under DFA, measure every this many steps how each hidden layer's update
     *     aligns with backprop's (0: never), as the dataflow's probes do
     * @param monitoring online: the prequential monitor whose drift reactions the steps follow, as
     *     the dataflow's error operator runs it; null for none
     */
    public ReferenceTrainer(
            TrainingSetup setup,
            LayerFactory layers,
            long alignmentEvery,
            PrequentialMonitor.Settings monitoring) {
        this(setup, layers, alignmentEvery, monitoring, StartingPoint.seeded(setup.seeds().init()));
    }

    private ReferenceTrainer(
            TrainingSetup setup,
            LayerFactory layers,
            long alignmentEvery,
            PrequentialMonitor.Settings monitoring,
            StartingPoint initial) {
        this.setup = setup;
        this.layers = layers;
        this.alignmentEvery = alignmentEvery;
        this.monitoring = monitoring;
        this.initial = initial;
    }

    /**
     * This trainer, starting from {@code initial} instead of the seeded weights: a warm start, or a
     * resumed run (which skips the epochs already done).
     */
    public ReferenceTrainer startingFrom(StartingPoint initial) {
        return new ReferenceTrainer(setup, layers, alignmentEvery, monitoring, initial);
    }

    /**
     * Trains the network from its starting point on {@code feed}, evaluating after every epoch; the
     * results hold the epochs trained here.
     */
    public Result train(TrainingFeed feed) {
        int epochs = setup.training().epochs();
        Run run =
                Workspaces.detached(
                        () -> new Run(feed.scheduledSteps(epochs), feed.stepsPerEpoch()));
        List<Epoch> results = new ArrayList<>();
        long step = initial.step();
        long trainingNanos = 0;
        for (int epoch = initial.epoch(); epoch < epochs; epoch++) {
            long epochStart = System.nanoTime();
            EvaluationAccumulator training = new EvaluationAccumulator();
            for (int index = 0; index < feed.stepsPerEpoch(); index++) {
                TrainingFeed.Batch batch = feed.trainingBatch(epoch, index);
                long current = ++step;
                training.add(
                        Workspaces.step(
                                "reference-step",
                                () -> run.trainStep(current, batch.input(), batch.labels())));
            }
            trainingNanos += System.nanoTime() - epochStart;
            long evaluated = step;
            EvaluationAccumulator validation = run.evaluate(feed, Phase.VALIDATION, evaluated);
            EvaluationAccumulator test = run.evaluate(feed, Phase.TEST, evaluated);
            results.add(
                    new Epoch(
                            training.loss(),
                            validation.loss(),
                            validation.accuracy(),
                            test.loss(),
                            test.accuracy()));
        }
        return new Result(run.finalWeights(), results, step, trainingNanos / 1e9, run.alignment);
    }

    /**
     * The layers, their learners and weight histories (one per column shard of each layer) and
     * DFA's projection for one run.
     */
    private final class Run {

        private final LearningRule rule;
        private final FeedbackProjection projection;
        private final List<List<LayerLearner>> learners = new ArrayList<>();
        private final List<List<WeightHistory>> histories = new ArrayList<>();
        private final List<Alignment> alignment = new ArrayList<>();
        private final PrequentialMonitor monitor =
                monitoring == null ? null : new PrequentialMonitor(monitoring);

        private final long stepsPerEpoch;

        Run(long totalSteps, long stepsPerEpoch) {
            this.stepsPerEpoch = stepsPerEpoch;
            List<LayerShape> shapes = setup.network().layers();
            rule = LearningRule.of(setup.algorithm(), shapes, setup.sharding());
            if (alignmentEvery > 0 && setup.sharding().splits(shapes.size())) {
                throw new IllegalArgumentException(
                        "alignment probes need each layer's whole weights; runtime.shards splits"
                                + " them");
            }
            projection = rule.projects() ? projection() : null;
            for (LayerShape shape : shapes) {
                int count = rule.shards(shape.index());
                List<LayerLearner> shards = new ArrayList<>();
                List<WeightHistory> shardHistories = new ArrayList<>();
                for (int shard = 0; shard < count; shard++) {
                    LayerShape shardShape = Sharding.shape(shape, count, shard);
                    LayerLearner learner =
                            initial.shard(shape, count, shard)
                                    .learner(
                                            layers.create(shardShape),
                                            setup.optimizerOf(shape.index()),
                                            totalSteps);
                    shards.add(learner);
                    shardHistories.add(
                            new WeightHistory(
                                    shardShape,
                                    setup.training().staleness(),
                                    learner.version(),
                                    learner.weights()));
                }
                learners.add(shards);
                histories.add(shardHistories);
            }
        }

        /**
         * The projection of the output error: one device for all hidden layers, or, where the
         * shards project for themselves ({@link Projections#atShards}), each shard's block of B
         * apart, the blocks joined in the order the rule slices them.
         */
        private FeedbackProjection projection() {
            int classes = setup.network().classes();
            long seed = setup.seeds().feedback();
            if (!Projections.atShards(setup.projection())) {
                return Projections.create(setup.projection(), classes, rule.projectedWidth(), seed);
            }
            return new BlockwiseProjection(rule, classes, seed);
        }

        /** One step: forward with version k-1-s, then the rule's backward pass. */
        OutputError trainStep(long step, INDArray x, int[] labels) {
            long required = setup.training().requiredVersion(step, stepsPerEpoch);
            int depth = learners.size();
            INDArray[] inputs = new INDArray[depth];
            INDArray[][] derivatives = new INDArray[depth][];
            INDArray h = x;
            for (int l = 0; l < depth; l++) {
                int count = learners.get(l).size();
                List<INDArray> outputs = new ArrayList<>(count);
                derivatives[l] = new INDArray[count];
                for (int shard = 0; shard < count; shard++) {
                    LayerWeights weights = histories.get(l).get(shard).get(required);
                    ForwardResult forward =
                            learners.get(l)
                                    .get(shard)
                                    .layer()
                                    .forward(h, weights.weights(), weights.bias(), true, step);
                    // The classifier's delta is the output error itself.
                    derivatives[l][shard] = l == depth - 1 ? null : forward.derivative();
                    outputs.add(forward.output());
                }
                inputs[l] = h;
                h = count == 1 ? outputs.get(0) : NdArrays.joinColumns(outputs);
            }
            OutputError error = SoftmaxCrossEntropy.evaluate(h, labels);
            double multiplier = react(step, h, labels);
            INDArray projected = projection == null ? null : projection.project(error.error());
            if (projected != null && alignmentEvery > 0 && step % alignmentEvery == 0) {
                probe(step, inputs, derivatives, error.error(), rule.slices(projected));
            }
            rule.backward(
                    error.error(),
                    projected,
                    (l, shard, signal, passDown) ->
                            learners.get(l)
                                    .get(shard)
                                    .learnInto(
                                            histories.get(l).get(shard).slotFor(step),
                                            inputs[l],
                                            derivatives[l][shard],
                                            signal,
                                            passDown,
                                            multiplier)
                                    .backpropagated());
            return error;
        }

        /**
         * The monitor's reaction to the step's scores, as the error operator computes it: resets
         * the optimizers when it says so and returns the step's learning-rate multiplier. Event
         * times do not enter a reaction, so none are needed here.
         */
        private double react(long step, INDArray logits, int[] labels) {
            if (monitor == null) {
                return 1.0;
            }
            SoftmaxCrossEntropy.RowScores scores =
                    SoftmaxCrossEntropy.rowScores(
                            NdArrays.toFloats(logits), labels, (int) logits.columns());
            PrequentialMonitor.Step reaction =
                    monitor.observe(
                            step,
                            scores.correct(),
                            scores.losses(),
                            new long[scores.correct().length]);
            if (reaction.resetOptimizer()) {
                learners.forEach(shards -> shards.forEach(LayerLearner::resetOptimizerState));
            }
            return reaction.learningRateMultiplier();
        }

        /**
         * Backprop's signal down the hidden layers, with the weights before this step's updates.
         */
        private void probe(
                long step,
                INDArray[] inputs,
                INDArray[][] derivatives,
                INDArray error,
                List<INDArray> dfaSignals) {
            LayerLearner classifier = learners.get(learners.size() - 1).get(0);
            INDArray probe =
                    classifier.layer().backpropagate(error, classifier.weights().weights(), step);
            for (int l = learners.size() - 2; l >= 0; l--) {
                LayerLearner learner = learners.get(l).get(0);
                AlignmentProbe.Measurement measurement =
                        AlignmentProbe.measure(
                                learner.layer(),
                                step,
                                inputs[l],
                                derivatives[l][0],
                                dfaSignals.get(l),
                                probe,
                                learner.weights().weights());
                alignment.add(new Alignment(step, l, measurement.angleDegrees()));
                probe = measurement.downstream();
            }
        }

        /** Loss and accuracy of one evaluation pass with the current weights. */
        EvaluationAccumulator evaluate(TrainingFeed feed, Phase phase, long step) {
            EvaluationAccumulator accumulator = new EvaluationAccumulator();
            for (int index = 0; index < feed.evaluationBatches(phase); index++) {
                TrainingFeed.Batch batch = feed.evaluationBatch(phase, index);
                accumulator.add(
                        Workspaces.step(
                                "reference-evaluation",
                                () -> {
                                    INDArray h = batch.input();
                                    for (List<LayerLearner> shards : learners) {
                                        h = forward(shards, h, step);
                                    }
                                    return SoftmaxCrossEntropy.evaluate(h, batch.labels());
                                }));
            }
            return accumulator;
        }

        /** A layer's evaluation forward pass with its current weights, shard by shard. */
        private INDArray forward(List<LayerLearner> shards, INDArray h, long step) {
            List<INDArray> outputs = new ArrayList<>(shards.size());
            for (LayerLearner shard : shards) {
                LayerWeights weights = shard.weights();
                outputs.add(
                        shard.layer()
                                .forward(h, weights.weights(), weights.bias(), false, step)
                                .output());
            }
            return shards.size() == 1 ? outputs.get(0) : NdArrays.joinColumns(outputs);
        }

        /** Each layer's final weights, its shards joined. */
        List<LayerWeights> finalWeights() {
            List<LayerWeights> weights = new ArrayList<>();
            for (List<LayerLearner> shards : learners) {
                weights.add(LayerWeights.join(shards.stream().map(LayerLearner::weights).toList()));
            }
            return weights;
        }
    }

    /**
     * The state of the network after one epoch; NaN for a pass over no examples.
     *
     * @param trainLoss mean cross-entropy of the epoch's training examples, each measured in its
     *     training step (before that step's update, with dropout)
     * @param validationLoss mean cross-entropy of the validation examples
     * @param validationAccuracy fraction of validation examples classified correctly
     * @param testLoss mean cross-entropy of the test examples
     * @param testAccuracy fraction of test examples classified correctly
     */
    public record Epoch(
            double trainLoss,
            double validationLoss,
            double validationAccuracy,
            double testLoss,
            double testAccuracy) {}

    /**
     * What a training run produced.
     *
     * @param weights final parameters of every layer, input to output
     * @param epochs the evaluations after every epoch
     * @param steps minibatch updates applied
     * @param trainingSeconds wall-clock time of the training steps (evaluations left out)
     * @param alignment the alignment measurements, in order of step, top layer first
     */
    public record Result(
            List<LayerWeights> weights,
            List<Epoch> epochs,
            long steps,
            double trainingSeconds,
            List<Alignment> alignment) {

        public Result {
            weights = List.copyOf(weights);
            epochs = List.copyOf(epochs);
            alignment = List.copyOf(alignment);
        }

        /**
         * The epoch (0-based) with the highest validation accuracy; ties go to the lower validation
         * loss, then to the earlier epoch.
         */
        public int bestEpoch() {
            return ModelSelection.bestEpoch(
                    epochs.size(),
                    i -> epochs.get(i).validationAccuracy(),
                    i -> epochs.get(i).validationLoss());
        }

        /** Test accuracy at {@link #bestEpoch()}: model selection on validation alone. */
        public double testAccuracyAtBestValidation() {
            return epochs.get(bestEpoch()).testAccuracy();
        }
    }

    /**
     * One alignment measurement.
     *
     * @param step the training step
     * @param layer the hidden layer
     * @param angleDegrees angle between its DFA update and the backprop gradient
     */
    public record Alignment(long step, int layer, double angleDegrees) {}
}
