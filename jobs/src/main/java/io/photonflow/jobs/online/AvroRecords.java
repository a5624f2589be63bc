package io.photonflow.jobs.online;

import io.photonflow.data.FloatListData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

/**
 * How Avro records are written to a topic: values in Avro's single-object encoding (a schema
 * fingerprint in every value's header, so that consumers can resolve it against the schema they
 * know), keyed by a string of the record, e.g. a prediction's example id.
 */
final class AvroRecords {

    private AvroRecords() {}

    /** A key of a record; serializable, since the sink is shipped to the cluster. */
    interface Key<T> extends Function<T, String>, java.io.Serializable {}

    /** The serialization of {@code type} records to {@code topic}, keyed by {@code key}. */
    static <T extends SpecificRecordBase> KafkaRecordSerializationSchema<T> to(
            String topic, Class<T> type, Key<T> key) {
        return KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(
                        (SerializationSchema<T>)
                                record -> key.apply(record).getBytes(StandardCharsets.UTF_8))
                .setValueSerializationSchema(new SingleObject<>(type))
                .build();
    }

    /** Avro single-object encoding of one generated record class. */
    private static final class SingleObject<T extends SpecificRecordBase>
            implements SerializationSchema<T> {

        private static final long serialVersionUID = 1L;

        private final Class<T> type;
        private transient BinaryMessageEncoder<T> encoder;

        SingleObject(Class<T> type) {
            this.type = type;
        }

        @Override
        public void open(InitializationContext context) {
            SpecificData model = new FloatListData(type.getClassLoader());
            encoder = new BinaryMessageEncoder<>(model, model.getSchema(type));
        }

        @Override
        public byte[] serialize(T record) {
            try {
                ByteBuffer encoded = encoder.encode(record);
                byte[] value = new byte[encoded.remaining()];
                encoded.get(value);
                return value;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode a " + type.getSimpleName(), e);
            }
        }
    }
}
