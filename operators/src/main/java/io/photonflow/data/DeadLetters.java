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

/** Builds {@link DeadLetter}s for rejected examples, whatever path they came in by. */
public final class DeadLetters {

    /** The payload format of a dead letter that holds an {@link Example}. */
    public static final String EXAMPLE_FORMAT = "avro:" + Example.class.getName();

    private DeadLetters() {}

    /**
     * A dead letter whose payload is the Avro binary encoding of {@code example} (no header, no
     * schema fingerprint: read it with Example's schema).
     *
     * @param source where the example came from, e.g. {@code train:/data/x.avro#17}
     * @param reason why it was rejected
     */
    public static DeadLetter of(String source, Example example, String reason) {
        return DeadLetter.newBuilder()
                .setSource(source)
                .setPayloadFormat(EXAMPLE_FORMAT)
                .setPayload(ByteBuffer.wrap(encode(example)))
                .setReason(reason)
                .build();
    }

    private static byte[] encode(Example example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            new SpecificDatumWriter<>(Example.class).write(example, encoder);
            encoder.flush();
        } catch (IOException e) {
            // Only the output stream can fail, and a ByteArrayOutputStream does not.
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
