package io.photonflow.flink.records;

import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.data.FloatList;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerLearner;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.ParameterState;
import io.photonflow.math.Workspaces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link LayerLearner} as Flink state: parameters, optimizer slots and counters.
 *
 * @param version updates applied
 * @param skippedUpdates non-finite updates dropped
 * @param weights W
 * @param bias b, as one row
 * @param weightSteps optimizer steps taken on W
 * @param weightSlots optimizer slots of W
 * @param biasSteps optimizer steps taken on b
 * @param biasSlots optimizer slots of b, each as one row
 */
public record LearnerState(
        long version,
        long skippedUpdates,
        FloatMatrix weights,
        FloatMatrix bias,
        long weightSteps,
        FloatMatrix[] weightSlots,
        long biasSteps,
        FloatMatrix[] biasSlots) {

    /** A copy of the learner's state. */
    public static LearnerState of(LayerLearner learner) {
        return new LearnerState(
                learner.version(),
                learner.skippedUpdates(),
                FloatMatrix.of(learner.weights().weights()),
                FloatMatrix.of(learner.weights().bias()),
                learner.weightsState().steps(),
                slots(learner.weightsState()),
                learner.biasState().steps(),
                slots(learner.biasState()));
    }

    /** The optimizer's part of this state, as a model snapshot records it. */
    public LayerOptimizerState optimizerState() {
        return LayerOptimizerState.newBuilder()
                .setWeightSteps(weightSteps)
                .setWeightSlots(floatLists(weightSlots))
                .setBiasSteps(biasSteps)
                .setBiasSlots(floatLists(biasSlots))
                .setSkippedUpdates(skippedUpdates)
                .build();
    }

    /** A learner resumed from this state, its arrays outside any workspace. */
    public LayerLearner toLearner(Layer layer, OptimizerSpec optimizer, long totalSteps) {
        return Workspaces.detached(
                () ->
                        new LayerLearner(
                                layer,
                                optimizer,
                                totalSteps,
                                new LayerWeights(weights.toMatrix(), bias.toVector()),
                                new ParameterState(weightSteps, matrices(weightSlots, false)),
                                new ParameterState(biasSteps, matrices(biasSlots, true)),
                                version,
                                skippedUpdates));
    }

    /** Views of the slots' arrays, which no one changes once in a FloatMatrix. */
    private static List<List<Float>> floatLists(FloatMatrix[] slots) {
        List<List<Float>> lists = new ArrayList<>();
        for (FloatMatrix slot : slots) {
            lists.add(FloatList.of(slot.data()));
        }
        return lists;
    }

    private static FloatMatrix[] slots(ParameterState state) {
        return state.slots().stream().map(FloatMatrix::of).toArray(FloatMatrix[]::new);
    }

    private static List<INDArray> matrices(FloatMatrix[] slots, boolean vectors) {
        return Arrays.stream(slots)
                .map(slot -> vectors ? slot.toVector() : slot.toMatrix())
                .toList();
    }
}
