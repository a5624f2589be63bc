package io.photonflow.jobs.online;

import io.photonflow.flink.records.EncodedExample;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads Kafka records of the examples topic as they are: their bytes, timestamp and position. No
 * decoding here, so that a record that cannot be decoded becomes a dead letter downstream instead
 * of failing the source.
 */
final class KafkaExamples implements KafkaRecordDeserializationSchema<EncodedExample> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EncodedExample> out) {
        String source =
                "kafka:" + record.topic() + "/" + record.partition() + "@" + record.offset();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        out.collect(
                new EncodedExample(
                        source, record.timestamp(), record.partition(), record.offset(), value));
    }

    @Override
    public TypeInformation<EncodedExample> getProducedType() {
        return TypeInformation.of(EncodedExample.class);
    }
}
