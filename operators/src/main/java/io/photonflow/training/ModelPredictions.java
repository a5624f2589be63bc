package io.photonflow.training;

import io.photonflow.avro.Prediction;
import io.photonflow.data.FloatList;
import io.photonflow.math.NdArrays;
import io.photonflow.math.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Predictions of a trained model, as the online job makes them: the most probable class and the
 * softmax probabilities of every class (StrictMath, the same in every JVM), tagged with the model
 * version.
 */
public final class ModelPredictions {

    private ModelPredictions() {}

    /**
     * A prediction for every row of {@code logits}.
     *
     * @param ids the id of every row
     * @param version the weight version that made them (the snapshot's step)
     * @param eventTimeMillis the time the examples were read
     */
    public static List<Prediction> of(
            String[] ids, INDArray logits, long version, long eventTimeMillis) {
        int classes = (int) logits.columns();
        float[] z = NdArrays.toFloats(logits);
        if (z.length != ids.length * classes) {
            throw new IllegalArgumentException(
                    ids.length + " ids for " + logits.rows() + " rows of logits");
        }
        float[] probabilities = SoftmaxCrossEntropy.probabilities(z, classes);
        List<Prediction> predictions = new ArrayList<>(ids.length);
        for (int r = 0; r < ids.length; r++) {
            int offset = r * classes;
            List<Float> row =
                    FloatList.of(Arrays.copyOfRange(probabilities, offset, offset + classes));
            predictions.add(
                    Prediction.newBuilder()
                            .setId(ids[r])
                            .setPredictedClass(
                                    SoftmaxCrossEntropy.predictedClass(z, offset, classes))
                            .setProbabilities(row)
                            .setModelVersion(version)
                            .setEventTimeMillis(eventTimeMillis)
                            .setLatencyMillis(null)
                            .build());
        }
        return predictions;
    }
}
