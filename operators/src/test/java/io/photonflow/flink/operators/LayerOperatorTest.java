package io.photonflow.flink.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.records.LayerContext;
import io.photonflow.flink.records.PublishedLayer;
import io.photonflow.flink.records.WeightsVersion;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.Activation;
import io.photonflow.math.DenseLayer;
import io.photonflow.math.ForwardResult;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.StartingPoint;
import io.photonflow.model.Phase;
import io.photonflow.model.TrainingSpec;
import io.photonflow.online.PredictionVersions;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The layer function on Flink's harness, against the dense layer's own forward pass. */
class LayerOperatorTest {

    private static final LayerShape SHAPE = new LayerShape(0, 5, 3, Activation.TANH);
    private static final StartingPoint INITIAL = StartingPoint.seeded(11);

    /** Staleness 1: training step k needs version k-2. */
    private static final TrainingSpec SCHEDULE = new TrainingSpec(4, 1, 1, 4);

    private static final OutputTag<LayerContext> CONTEXTS =
            new OutputTag<>("context-0", TypeInformation.of(LayerContext.class));
    private static final OutputTag<PublishedLayer> PUBLISHED =
            new OutputTag<>("published", TypeInformation.of(PublishedLayer.class));

    private OneInputStreamOperatorTestHarness<Either<WeightsVersion, ForwardBatch>, ForwardBatch>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(layer(0));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void computesEachBatchWithExactlyItsVersionAndSendsTheContextToTheUpdate() throws Exception {
        LayerWeights initial = INITIAL.of(SHAPE);
        ForwardBatch step2 = batch(Phase.TRAIN, 2, 1);
        ForwardBatch step3 = batch(Phase.TRAIN, 3, 2);

        harness.processElement(Either.Right(step2), 0);
        harness.processElement(Either.Left(version(1)), 0);
        harness.processElement(Either.Right(step3), 0);

        ForwardResult expected2 = dense(step2, initial);
        ForwardResult expected3 = dense(step3, weightsOf(1));
        assertThat(harness.extractOutputValues())
                .extracting(ForwardBatch::step, ForwardBatch::values)
                .containsExactly(
                        tuple(2L, FloatMatrix.of(expected2.output())),
                        tuple(3L, FloatMatrix.of(expected3.output())));
        assertThat(harness.getSideOutput(CONTEXTS))
                .extracting(StreamRecord::getValue)
                .satisfiesExactly(
                        context -> assertContext(context, step2, expected2),
                        context -> assertContext(context, step3, expected3));
    }

    @Test
    void publishesTheVersionAPublishMinibatchNamesAndPassesItOn() throws Exception {
        ForwardBatch publish =
                new ForwardBatch(
                        Phase.PUBLISH,
                        2,
                        7,
                        true,
                        0,
                        0,
                        new FloatMatrix(0, SHAPE.inputSize(), new float[0]),
                        new int[0]);
        harness.processElement(Either.Left(version(1)), 0);
        harness.processElement(Either.Left(version(2)), 0);
        harness.processElement(Either.Right(publish), 0);

        assertThat(harness.extractOutputValues())
                .extracting(ForwardBatch::phase, ForwardBatch::step)
                .containsExactly(tuple(Phase.PUBLISH, 2L));
        assertThat(harness.getSideOutput(CONTEXTS)).isNull();
        assertThat(harness.getSideOutput(PUBLISHED))
                .extracting(StreamRecord::getValue)
                .singleElement()
                .satisfies(
                        published -> {
                            assertThat(published.learner()).isNull();
                            assertThat(published.weights().version()).isEqualTo(2);
                            assertThat(published.weights().epoch())
                                    .as("model version")
                                    .isEqualTo(7);
                            assertThat(published.weights().lastOfEpoch()).isTrue();
                            assertThat(published.weights())
                                    .isEqualTo(
                                            WeightsVersion.of(
                                                    SHAPE.index(), 2, 7, true, weightsOf(2)));
                        });
    }

    @Test
    void dropsVersionsNoLaterBatchNeeds() throws Exception {
        harness.processElement(Either.Left(version(1)), 0);
        harness.processElement(Either.Left(version(2)), 0);
        harness.processElement(Either.Right(batch(Phase.TRAIN, 4, 3)), 0);

        assertThatThrownBy(() -> harness.processElement(Either.Right(batch(Phase.TEST, 1, 4)), 0))
                .as("step 5 needs version 3 onwards: versions 0 to 2 are gone")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("weights version 1");
    }

    @Test
    void keepsTheVersionsLaggingPredictionsWillUseAndPredictsWithThemBetweenTrainingSteps()
            throws Exception {
        OneInputStreamOperatorTestHarness<Either<WeightsVersion, ForwardBatch>, ForwardBatch>
                lagging = ProcessFunctionTestHarnesses.forProcessFunction(layer(2));
        try {
            for (long version = 1; version <= 6; version++) {
                lagging.processElement(Either.Left(version(version)), 0);
            }
            ForwardBatch step7 = batch(Phase.TRAIN, 7, 1);
            ForwardBatch predictions = batch(Phase.PREDICT, 2, 2);
            ForwardBatch step8 = batch(Phase.TRAIN, 8, 3);
            lagging.processElement(Either.Right(step7), 0);
            lagging.processElement(Either.Right(predictions), 0);
            lagging.processElement(Either.Right(step8), 0);

            assertThat(lagging.extractOutputValues())
                    .as(
                            "step 7 with version 5, the predictions after it with version 2 (7-1-1-2"
                                    + " rounded down to a multiple of the lag), step 8 with version 6")
                    .extracting(ForwardBatch::values)
                    .containsExactly(
                            FloatMatrix.of(dense(step7, weightsOf(5)).output()),
                            FloatMatrix.of(dense(predictions, weightsOf(2)).output()),
                            FloatMatrix.of(dense(step8, weightsOf(6)).output()));
            lagging.processElement(Either.Right(batch(Phase.PREDICT, 4, 4)), 0);
            assertThatThrownBy(
                            () ->
                                    lagging.processElement(
                                            Either.Right(batch(Phase.PREDICT, 3, 5)), 0))
                    .as("after step 8 predictions use version 4 or later multiples of 2: 3 is gone")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("weights version 3");
        } finally {
            lagging.close();
        }
    }

    @Test
    void failsClearlyWhenTheVersionABatchNeedsIsMissing() {
        assertThatThrownBy(() -> harness.processElement(Either.Right(batch(Phase.TRAIN, 5, 1)), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layer 0")
                .hasMessageContaining("weights version 3")
                .hasMessageContaining("TRAIN step 5");
    }

    @Test
    void keepsItsVersionsInItsState() throws Exception {
        harness.processElement(Either.Left(version(1)), 0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        OneInputStreamOperatorTestHarness<Either<WeightsVersion, ForwardBatch>, ForwardBatch>
                restored = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(layer(0)));
        try {
            restored.initializeState(snapshot);
            restored.open();
            ForwardBatch step3 = batch(Phase.TRAIN, 3, 5);
            restored.processElement(Either.Right(step3), 0);

            assertThat(restored.extractOutputValues())
                    .extracting(ForwardBatch::values)
                    .containsExactly(FloatMatrix.of(dense(step3, weightsOf(1)).output()));
        } finally {
            restored.close();
        }
    }

    /** The hidden layer of a stream whose predictions lag training by {@code lag} steps. */
    private static LayerOperator layer(int lag) {
        return new LayerOperator(
                SHAPE,
                LayerFactory.dense(),
                false,
                SCHEDULE,
                0,
                INITIAL,
                new PredictionVersions(SCHEDULE.staleness(), lag),
                CONTEXTS,
                PUBLISHED,
                1,
                1,
                1);
    }

    private static void assertContext(
            LayerContext context, ForwardBatch batch, ForwardResult expected) {
        assertThat(context.step()).isEqualTo(batch.step());
        assertThat(context.input()).isEqualTo(batch.values());
        assertThat(context.derivative()).isEqualTo(FloatMatrix.of(expected.derivative()));
    }

    private static ForwardResult dense(ForwardBatch batch, LayerWeights weights) {
        return new DenseLayer(SHAPE)
                .forward(
                        batch.values().toMatrix(),
                        weights.weights(),
                        weights.bias(),
                        batch.phase() == Phase.TRAIN);
    }

    private static WeightsVersion version(long version) {
        return WeightsVersion.of(SHAPE.index(), version, 1, false, weightsOf(version));
    }

    private static LayerWeights weightsOf(long version) {
        return LayerWeights.initial(SHAPE, 100 + version);
    }

    private static ForwardBatch batch(Phase phase, long step, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[4 * SHAPE.inputSize()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new ForwardBatch(
                phase,
                step,
                1,
                false,
                0,
                phase == Phase.TRAIN ? 0 : 1,
                new FloatMatrix(4, SHAPE.inputSize(), values),
                new int[4]);
    }
}
