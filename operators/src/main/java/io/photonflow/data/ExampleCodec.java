package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * {@link Example}s as they travel on Kafka topics: Avro's single-object encoding (marker {@code C3
 * 01}, the writer schema's 8-byte little-endian CRC-64-AVRO fingerprint, then the record in Avro
 * binary encoding). Encoding always writes the current schema; decoding reads every version in
 * {@link ExampleSchemas}, resolved to the current one, and validates the record for the network
 * with {@link ExampleValidator}. Examples without a label are accepted: a stream may carry examples
 * to predict on.
 *
 * <p>Whatever cannot be used becomes a {@link DeadLetter} holding the bytes exactly as received, in
 * {@link DeadLetters#SINGLE_OBJECT_EXAMPLE_FORMAT}, with one reason:
 *
 * <ul>
 *   <li>{@code not single-object Avro: ...}: null, shorter than the 10-byte header, or not starting
 *       with the marker;
 *   <li>{@code unknown schema fingerprint 0x...}: no shipped Example schema has it (the reason
 *       names the known ones);
 *   <li>{@code unreadable body: ...}: the bytes after the header are not a record of the schema the
 *       fingerprint names, or bytes are left after it;
 *   <li>the validator's reasons: wrong number of features, a NaN or infinite feature, a label
 *       outside the classes.
 * </ul>
 *
 * <p>The body is walked once without allocating before it is decoded, so that a malformed length
 * cannot make the decoder allocate more than the message's size. Thread-safe; serializable (for
 * Flink functions that hold one).
 */
public final class ExampleCodec implements Serializable {

    @Serial private static final long serialVersionUID = 1L;

    /** Single-object encoding's marker, {@code C3 01}, and the header's length with fingerprint. */
    private static final byte MARKER_0 = (byte) 0xC3;

    private static final byte MARKER_1 = 0x01;
    private static final int HEADER_LENGTH = 10;

    /** Single-object encoding, with the features written as floats; thread-safe. */
    private static final BinaryMessageEncoder<Example> ENCODER =
            new BinaryMessageEncoder<>(
                    new FloatListData(Example.class.getClassLoader()), Example.getClassSchema());

    private final int featureCount;
    private final int classes;
    private final ExampleValidator validator;

    /**
     * One reader per shipped schema version, resolving it to the current one: the fingerprint says
     * which. Once {@link #checkBody} has walked the body, reading it straight from the array is
     * safe, and faster than Avro's message decoder, which reads it through a stream.
     */
    private final transient List<FloatListReader<Example>> readers;

    /**
     * @param featureCount the network's input width
     * @param classes the network's number of classes
     */
    public ExampleCodec(int featureCount, int classes) {
        this.featureCount = featureCount;
        this.classes = classes;
        this.validator = new ExampleValidator(featureCount, classes);
        this.readers =
                ExampleSchemas.SHIPPED.stream()
                        .map(
                                writer ->
                                        new FloatListReader<Example>(
                                                writer, Example.getClassSchema()))
                        .toList();
    }

    /** What {@link #decode} made of a record: an example to use, or a dead letter. */
    public sealed interface Decoded permits Accepted, Rejected {}

    /** A valid example, resolved to the current schema; its label may be null. */
    public record Accepted(Example example) implements Decoded {}

    /** An unusable record, with its bytes and the reason. */
    public record Rejected(DeadLetter deadLetter) implements Decoded {}

    /**
     * The single-object encoding of {@code example} with the current Example schema. It is not
     * validated: any record the schema allows is encoded.
     */
    public byte[] encode(Example example) {
        // Room for the network's features and the rest of a record: grown by doubling from its
        // default 32 bytes, the buffer took half of a producer's time.
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(HEADER_LENGTH + Float.BYTES * featureCount + 64);
        try {
            ENCODER.encode(example, bytes);
        } catch (IOException e) {
            // Only the output stream can fail, and a ByteArrayOutputStream does not.
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes and validates one record.
     *
     * @param bytes the record's value as received, e.g. a Kafka record's value; may be null
     * @param source where it came from, for the dead letter, e.g. {@code kafka:examples/0@42}
     */
    public Decoded decode(byte[] bytes, String source) {
        Optional<String> header = checkHeader(bytes);
        if (header.isPresent()) {
            return reject(bytes, source, header.get());
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int version = ExampleSchemas.version(fingerprint);
        if (version == 0) {
            return reject(bytes, source, unknownFingerprint(fingerprint));
        }
        Optional<String> body = checkBody(bytes, version);
        if (body.isPresent()) {
            return reject(bytes, source, body.get());
        }
        Example example;
        try {
            example =
                    readers.get(version - 1)
                            .read(
                                    null,
                                    DecoderFactory.get()
                                            .binaryDecoder(
                                                    bytes,
                                                    HEADER_LENGTH,
                                                    bytes.length - HEADER_LENGTH,
                                                    null));
        } catch (IOException | RuntimeException e) {
            // Not expected once the body has been walked, but the bytes are not ours to trust.
            return reject(bytes, source, notARecord(version, e));
        }
        float[] features = Examples.features(example);
        Optional<String> problem = validator.checkFeatures(features);
        if (problem.isEmpty() && example.getLabel() != null) {
            problem = validator.checkLabel(example.getLabel());
        }
        return problem.isPresent() ? reject(bytes, source, problem.get()) : new Accepted(example);
    }

    private static Optional<String> checkHeader(byte[] bytes) {
        if (bytes == null) {
            return Optional.of("not single-object Avro: no bytes (a null value)");
        }
        if (bytes.length < HEADER_LENGTH) {
            return Optional.of(
                    "not single-object Avro: "
                            + bytes.length
                            + " bytes, shorter than its 10-byte header (marker C3 01, 8-byte"
                            + " schema fingerprint)");
        }
        if (bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            return Optional.of(
                    String.format(
                            "not single-object Avro: starts with %02X %02X, not the marker C3 01",
                            bytes[0], bytes[1]));
        }
        return Optional.empty();
    }

    private static String unknownFingerprint(long fingerprint) {
        StringJoiner known = new StringJoiner(", ", " (", ")");
        for (int version = 1; version <= ExampleSchemas.SHIPPED.size(); version++) {
            known.add(
                    "v"
                            + version
                            + " "
                            + ExampleSchemas.hex(
                                    ExampleSchemas.fingerprint(ExampleSchemas.schema(version))));
        }
        return "unknown schema fingerprint "
                + ExampleSchemas.hex(fingerprint)
                + ": no version of "
                + Example.class.getName()
                + " this build knows"
                + known;
    }

    /**
     * Walks the body as a record of the writer's schema without building it: every length it claims
     * must lie within the message, and the record must end where the message does.
     */
    private static Optional<String> checkBody(byte[] bytes, int version) {
        // A direct decoder refuses negative lengths; the buffered one would step back by them.
        ByteSpan in = new ByteSpan(bytes, HEADER_LENGTH);
        BinaryDecoder body = DecoderFactory.get().directBinaryDecoder(in, null);
        try {
            GenericDatumReader.skip(ExampleSchemas.schema(version), body);
        } catch (IOException | RuntimeException e) {
            return Optional.of(notARecord(version, e));
        }
        int left = in.available();
        if (left == 0) {
            return Optional.empty();
        }
        return Optional.of(
                "unreadable body: "
                        + left
                        + (left == 1 ? " byte" : " bytes")
                        + " left after the "
                        + Example.class.getName()
                        + " v"
                        + version
                        + " record");
    }

    private static String notARecord(int version, Exception e) {
        Throwable cause = e;
        if (cause instanceof AvroRuntimeException && cause.getCause() instanceof IOException) {
            cause = cause.getCause(); // RawMessageDecoder wraps what the datum reader throws
        }
        String detail;
        if (cause instanceof EOFException) {
            detail = "the message ends inside it";
        } else if (cause instanceof IOException || cause instanceof AvroRuntimeException) {
            detail =
                    cause.getMessage() == null
                            ? cause.getClass().getSimpleName()
                            : cause.getMessage();
        } else {
            detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return "unreadable body: not an "
                + Example.class.getName()
                + " v"
                + version
                + " record ("
                + detail
                + ")";
    }

    private static Rejected reject(byte[] bytes, String source, String reason) {
        return new Rejected(
                DeadLetters.of(source, DeadLetters.SINGLE_OBJECT_EXAMPLE_FORMAT, bytes, reason));
    }

    /**
     * The bytes of a message from an offset on, as a stream: {@link java.io.ByteArrayInputStream}
     * without its locks, which the direct decoder takes four times for every float it skips (a
     * fifth of the time of decoding an example).
     */
    private static final class ByteSpan extends InputStream {

        private final byte[] bytes;
        private int position;

        ByteSpan(byte[] bytes, int from) {
            this.bytes = bytes;
            this.position = from;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int count = Math.min(length, bytes.length - position);
            if (count <= 0) {
                return -1;
            }
            System.arraycopy(bytes, position, target, offset, count);
            position += count;
            return count;
        }

        @Override
        public long skip(long count) {
            long skipped = Math.max(0, Math.min(count, bytes.length - position));
            position += (int) skipped;
            return skipped;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }
    }

    @Serial
    private Object readResolve() {
        return new ExampleCodec(featureCount, classes);
    }
}
