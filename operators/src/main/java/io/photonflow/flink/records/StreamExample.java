package io.photonflow.flink.records;

/**
 * One example of a stream, decoded and checked, on its way to the minibatches.
 *
 * @param id the producer's identifier, carried into its prediction
 * @param features the dense feature vector, as wide as the network's input
 * @param label the class, or {@link io.photonflow.math.SoftmaxCrossEntropy#UNLABELLED} for an
 *     example to predict
 * @param eventTime when the producer made it (the Kafka record's timestamp), epoch milliseconds
 * @param partition the partition it was read from
 * @param offset its offset in that partition
 */
public record StreamExample(
        String id, float[] features, int label, long eventTime, int partition, long offset) {

    public boolean labelled() {
        return label != io.photonflow.math.SoftmaxCrossEntropy.UNLABELLED;
    }
}
