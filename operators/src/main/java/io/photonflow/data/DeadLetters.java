package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Builds {@link DeadLetter}s for rejected inputs, whatever path they came in by: every dead letter
 * of the system is made by {@link #of(String, String, byte[], String)}.
 */
public final class DeadLetters {

    /**
     * The payload format of a dead letter that holds an {@link Example} in plain Avro binary
     * encoding (no header, no fingerprint) with the Example schema of the build that wrote it.
     * Since version 2 of that schema (optional label) such payloads are not readable with version 1
     * and the other way round; {@link #SINGLE_OBJECT_EXAMPLE_FORMAT} names its schema in the
     * payload.
     */
    public static final String EXAMPLE_FORMAT = "avro:" + Example.class.getName();

    /**
     * The payload format of a dead letter that holds an {@link Example} in Avro's single-object
     * encoding (marker {@code C3 01}, the writer schema's 8-byte fingerprint, then the binary
     * record), as records travel on Kafka topics; or whatever bytes arrived where such a record was
     * expected.
     */
    public static final String SINGLE_OBJECT_EXAMPLE_FORMAT =
            "avro-single-object:" + Example.class.getName();

    private DeadLetters() {}

    /**
     * A dead letter whose payload is the Avro binary encoding of {@code example} (no header, no
     * schema fingerprint: read it with Example's schema), in {@link #EXAMPLE_FORMAT}.
     *
     * @param source where the example came from, e.g. {@code train:/data/x.avro#17}
     * @param reason why it was rejected
     */
    public static DeadLetter of(String source, Example example, String reason) {
        return of(source, EXAMPLE_FORMAT, encode(example), reason);
    }

    /**
     * A dead letter of any input: the one place dead letters are made.
     *
     * @param source where the input came from, e.g. {@code kafka:examples/0@42}
     * @param payloadFormat how to read {@code payload}, e.g. {@link #SINGLE_OBJECT_EXAMPLE_FORMAT}
     * @param payload the raw input exactly as received; null is kept as an empty payload
     * @param reason why it was rejected, in words a user can act on
     */
    public static DeadLetter of(
            String source, String payloadFormat, byte[] payload, String reason) {
        return DeadLetter.newBuilder()
                .setSource(source)
                .setPayloadFormat(payloadFormat)
                .setPayload(ByteBuffer.wrap(payload == null ? new byte[0] : payload.clone()))
                .setReason(reason)
                .build();
    }

    private static byte[] encode(Example example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            new FloatListWriter<>(Example.class).write(example, encoder);
            encoder.flush();
        } catch (IOException e) {
            // Only the output stream can fail, and a ByteArrayOutputStream does not.
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
