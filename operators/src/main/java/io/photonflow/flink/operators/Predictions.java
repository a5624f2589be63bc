package io.photonflow.flink.operators;

import io.photonflow.avro.Prediction;
import io.photonflow.data.FloatList;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.math.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The predictions of a {@code PREDICT} minibatch's logits. */
final class Predictions {

    private Predictions() {}

    /**
     * A prediction for every row, tagged with the weight version that made it (the minibatch's
     * step) and its latency from the example's event time to {@code nowMillis}.
     */
    static List<Prediction> of(ForwardBatch batch, long nowMillis) {
        int classes = batch.values().cols();
        float[] logits = batch.values().data();
        float[] probabilities = SoftmaxCrossEntropy.probabilities(logits, classes);
        List<Prediction> predictions = new ArrayList<>(batch.rows());
        for (int r = 0; r < batch.rows(); r++) {
            int offset = r * classes;
            List<Float> row =
                    FloatList.of(Arrays.copyOfRange(probabilities, offset, offset + classes));
            predictions.add(
                    Prediction.newBuilder()
                            .setId(batch.ids()[r])
                            .setPredictedClass(
                                    SoftmaxCrossEntropy.predictedClass(logits, offset, classes))
                            .setProbabilities(row)
                            .setModelVersion(batch.step())
                            .setEventTimeMillis(batch.eventTimes()[r])
                            .setLatencyMillis(nowMillis - batch.eventTimes()[r])
                            .build());
        }
        return predictions;
    }
}
