package io.photonflow.flink.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.Signal;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.records.WrittenShard;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.Activation;
import io.photonflow.math.Algorithm;
import io.photonflow.math.DenseLayer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerLearner;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LearningRule;
import io.photonflow.math.NdArrays;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.StartingPoint;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The update function on Flink's two-input harness: the ordered join of contexts and signals,
 * against a {@link LayerLearner} fed the same steps in order.
 */
class UpdateOperatorTest {

    /** The second of three layers: 4 inputs, 3 units, under a 4-3-2 ... network. */
    private static final List<LayerShape> NETWORK =
            List.of(
                    new LayerShape(0, 5, 4, Activation.TANH),
                    new LayerShape(1, 4, 3, Activation.TANH),
                    new LayerShape(2, 3, 2, Activation.IDENTITY));

    private static final LayerShape SHAPE = NETWORK.get(1);
    private static final StartingPoint INITIAL = StartingPoint.seeded(3);
    private static final OptimizerSpec SGD =
            new OptimizerSpec(
                    OptimizerSpec.Kind.SGD,
                    0.1,
                    0.9,
                    0.9,
                    0.999,
                    1e-8,
                    0,
                    OptimizerSpec.Schedule.CONSTANT);
    private static final OutputTag<Signal> DOWN =
            new OutputTag<>("down-1", TypeInformation.of(Signal.class));
    private static final OutputTag<WrittenShard> SHARD_FILES =
            new OutputTag<>("shard-files", TypeInformation.of(WrittenShard.class));
    private static final OutputTag<PublishedLayer> EPOCH_ENDS =
            new OutputTag<>("epoch-ends", TypeInformation.of(PublishedLayer.class));

    @Test
    void appliesStepsInOrderWhateverOrderContextsAndSignalsArriveIn() throws Exception {
        try (TwoInputStreamOperatorTestHarness<LayerContext, Signal, WeightsVersion> harness =
                harness(Algorithm.DFA)) {
            harness.processElement1(context(2, false), 0);
            harness.processElement2(signal(2), 0);
            assertThat(harness.extractOutputValues()).as("step 2 waits for step 1").isEmpty();
            harness.processElement2(signal(1), 0);
            harness.processElement1(context(1, false), 0);
            harness.processElement1(context(3, true), 0);
            harness.processElement2(signal(3), 0);

            List<WeightsVersion> versions = harness.extractOutputValues();
            assertThat(versions).extracting(WeightsVersion::version).containsExactly(1L, 2L, 3L);
            LayerLearner expected = learner();
            for (int step = 1; step <= 3; step++) {
                expected.learn(
                        context(step, false).input().toLayerInput(),
                        context(step, false).derivative().toMatrix(),
                        signal(step).values().toMatrix(),
                        false);
                assertThat(versions.get(step - 1).weights().data())
                        .as("weights after step %d", step)
                        .containsExactly(NdArrays.toFloats(expected.weights().weights()));
            }
            assertThat(harness.getSideOutput(DOWN)).as("DFA passes nothing down").isNull();
            assertThat(values(harness.getSideOutput(EPOCH_ENDS)))
                    .singleElement()
                    .satisfies(
                            end -> {
                                assertThat(end.weights().version()).isEqualTo(3L);
                                assertThat(end.learner().version())
                                        .as("the learner's state comes with the weights")
                                        .isEqualTo(3L);
                                assertThat(end.learner().weights())
                                        .isEqualTo(end.weights().weights());
                            });
        }
    }

    @Test
    void underBackpropPassesDeltaTimesTheWeightsBeforeTheStepDown() throws Exception {
        try (TwoInputStreamOperatorTestHarness<LayerContext, Signal, WeightsVersion> harness =
                harness(Algorithm.BP)) {
            harness.processElement1(context(1, false), 0);
            harness.processElement2(signal(1), 0);

            LayerLearner expected = learner();
            var delta =
                    expected.learn(
                                    context(1, false).input().toLayerInput(),
                                    context(1, false).derivative().toMatrix(),
                                    signal(1).values().toMatrix(),
                                    true)
                            .backpropagated();
            List<Signal> down = values(harness.getSideOutput(DOWN));
            assertThat(down).hasSize(1);
            assertThat(down.get(0).probe()).isFalse();
            assertThat(down.get(0).values().data()).containsExactly(NdArrays.toFloats(delta));
        }
    }

    @Test
    void pendingContextsAndSignalsSurviveASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (TwoInputStreamOperatorTestHarness<LayerContext, Signal, WeightsVersion> harness =
                harness(Algorithm.DFA)) {
            harness.processElement1(context(1, false), 0);
            harness.processElement2(signal(1), 0);
            harness.processElement1(context(2, false), 0);
            harness.processElement2(signal(3), 0);
            snapshot = harness.snapshot(1, 1);
        }
        try (TwoInputStreamOperatorTestHarness<LayerContext, Signal, WeightsVersion> restored =
                harness(Algorithm.DFA, snapshot)) {
            restored.processElement2(signal(2), 0);
            restored.processElement1(context(3, false), 0);

            assertThat(restored.extractOutputValues())
                    .extracting(WeightsVersion::version)
                    .containsExactly(2L, 3L);
            LayerLearner expected = learner();
            for (int step = 1; step <= 3; step++) {
                expected.learn(
                        context(step, false).input().toLayerInput(),
                        context(step, false).derivative().toMatrix(),
                        signal(step).values().toMatrix(),
                        false);
            }
            assertThat(restored.extractOutputValues().get(1).weights().data())
                    .containsExactly(NdArrays.toFloats(expected.weights().weights()));
        }
    }

    private static TwoInputStreamOperatorTestHarness<LayerContext, Signal, WeightsVersion> harness(
            Algorithm algorithm) throws Exception {
        return harness(algorithm, null);
    }

    private static TwoInputStreamOperatorTestHarness<LayerContext, Signal, WeightsVersion> harness(
            Algorithm algorithm, OperatorSubtaskState restoreFrom) throws Exception {
        UpdateOperator update =
                new UpdateOperator(
                        SHAPE,
                        LayerFactory.dense(),
                        LearningRule.of(algorithm, NETWORK),
                        SGD,
                        0,
                        INITIAL,
                        1,
                        DOWN,
                        new EpochEnds(EPOCH_ENDS, SHARD_FILES, "unused: the layer is whole"),
                        AlignmentProbing.off(),
                        1,
                        1,
                        1);
        TwoInputStreamOperatorTestHarness<LayerContext, Signal, WeightsVersion> harness =
                new TwoInputStreamOperatorTestHarness<>(new CoProcessOperator<>(update));
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static LayerLearner learner() {
        return LayerLearner.initial(new DenseLayer(SHAPE), SGD, 0, INITIAL);
    }

    /** A seeded context of 2 rows for {@code step}. */
    private static LayerContext context(long step, boolean lastOfEpoch) {
        return new LayerContext(
                step,
                1,
                lastOfEpoch,
                new FloatMatrix(2, SHAPE.inputSize(), floats(step, 2 * SHAPE.inputSize())),
                new FloatMatrix(2, SHAPE.outputSize(), floats(100 + step, 2 * SHAPE.outputSize())));
    }

    private static Signal signal(long step) {
        return new Signal(
                step,
                new FloatMatrix(2, SHAPE.outputSize(), floats(200 + step, 2 * SHAPE.outputSize())));
    }

    private static float[] floats(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    private static <T> List<T> values(ConcurrentLinkedQueue<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
