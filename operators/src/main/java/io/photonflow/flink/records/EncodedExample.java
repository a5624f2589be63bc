package io.photonflow.flink.records;

/**
 * An example as it was read from a stream, not yet decoded.
 *
 * @param source where it came from, e.g. {@code kafka:examples/0@42} (topic, partition, offset)
 * @param eventTime when the producer made it (the Kafka record's timestamp), epoch milliseconds
 * @param partition the partition of the topic it was read from
 * @param offset its offset in that partition
 * @param bytes the record's value exactly as received
 */
public record EncodedExample(
        String source, long eventTime, int partition, long offset, byte[] bytes) {}
