package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/** Dead letters for rejected examples, carrying the example in Avro's binary encoding. */
public final class DeadLetters {

    /** What {@link DeadLetter#getPayloadFormat()} says of an example payload. */
    public static final String EXAMPLE_FORMAT = "avro:" + Example.getClassSchema().getFullName();

    private DeadLetters() {}

    /** A dead letter for {@code example}, found at {@code source}, rejected for {@code reason}. */
    public static DeadLetter of(String source, Example example, String reason) {
        return DeadLetter.newBuilder()
                .setSource(source)
                .setPayloadFormat(EXAMPLE_FORMAT)
                .setPayload(ByteBuffer.wrap(encode(example)))
                .setReason(reason)
                .build();
    }

    static byte[] encode(Example example) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(Example.class).write(example, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode example " + example.getId(), e);
        }
    }
}
