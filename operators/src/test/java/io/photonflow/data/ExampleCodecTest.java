package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.data.ExampleCodec.Accepted;
import io.photonflow.data.ExampleCodec.Decoded;
import io.photonflow.data.ExampleCodec.Rejected;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * The codec on hand-made bytes: {@code C3 01}, the writer schema's fingerprint (little-endian),
 * then the record in Avro binary encoding, field by field.
 */
class ExampleCodecTest {

    private static final int FEATURES = 2;
    private static final int CLASSES = 3;
    private static final String SOURCE = "kafka:examples/0@42";
    private static final long V1 = ExampleSchemas.fingerprint(ExampleSchemas.V1);
    private static final long V2 = ExampleSchemas.fingerprint(ExampleSchemas.V2);

    /** id "a": length 1 (zig-zag 2), then 'a'. */
    private static final byte[] ID_A = {0x02, 0x61};

    /** Features [1.0, -2.0]: one block of 2 (zig-zag 4), two little-endian floats, end of array. */
    private static final byte[] FEATURES_1_MINUS_2 =
            concat(new byte[] {0x04}, floats(1f, -2f), new byte[] {0x00});

    /** v2 label 2: union branch 1 (int, zig-zag 2), then 2 (zig-zag 4). */
    private static final byte[] V2_LABEL_2 = {0x02, 0x04};

    /** v2 label null: union branch 0. */
    private static final byte[] V2_NO_LABEL = {0x00};

    /** v1 label 2: a plain int. */
    private static final byte[] V1_LABEL_2 = {0x04};

    private final ExampleCodec codec = new ExampleCodec(FEATURES, CLASSES);

    @Test
    void encodesTheMarkerTheCurrentFingerprintAndTheRecord() {
        byte[] bytes = codec.encode(example("a", 2, 1f, -2f));

        assertThat(bytes).containsExactly(concat(header(V2), ID_A, FEATURES_1_MINUS_2, V2_LABEL_2));
    }

    @Test
    void decodesWhatItEncodesWithAndWithoutALabel() {
        Example labelled = example("a", 2, 1f, -2f);
        Example unlabelled = Examples.unlabelled("b", new float[] {0.5f, 0f});

        assertThat(accepted(codec.decode(codec.encode(labelled), SOURCE))).isEqualTo(labelled);
        assertThat(accepted(codec.decode(codec.encode(unlabelled), SOURCE))).isEqualTo(unlabelled);
    }

    @Test
    void decodesAnUnlabelledRecord() {
        byte[] bytes = concat(header(V2), ID_A, FEATURES_1_MINUS_2, V2_NO_LABEL);

        Example example = accepted(codec.decode(bytes, SOURCE));

        assertThat(example.getId()).isEqualTo("a");
        assertThat(example.getFeatures()).containsExactly(1f, -2f);
        assertThat(example.getLabel()).isNull();
    }

    @Test
    void decodesAVersionOneRecordResolvedToTheCurrentSchema() throws IOException {
        byte[] bytes = concat(header(V1), ID_A, FEATURES_1_MINUS_2, V1_LABEL_2);
        // The hand-made bytes are what Avro itself writes for v1.
        GenericRecord v1 = new GenericData.Record(ExampleSchemas.V1);
        v1.put("id", "a");
        v1.put("features", List.of(1f, -2f));
        v1.put("label", 2);
        ByteBuffer avro =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), ExampleSchemas.V1)
                        .encode(v1);
        assertThat(remaining(avro)).containsExactly(bytes);

        assertThat(accepted(codec.decode(bytes, SOURCE))).isEqualTo(example("a", 2, 1f, -2f));
    }

    @Test
    void validatesVersionOneRecordsAfterResolvingThem() {
        byte[] label5 = concat(header(V1), ID_A, FEATURES_1_MINUS_2, new byte[] {0x0A});

        assertThat(reason(codec.decode(label5, SOURCE))).isEqualTo("label 5 is outside [0, 3)");
    }

    @Test
    void aNullValueIsNotSingleObjectAvro() {
        DeadLetter letter = rejected(codec.decode(null, SOURCE));

        assertThat(letter.getReason()).isEqualTo("not single-object Avro: no bytes (a null value)");
        assertThat(letter.getPayload().remaining()).isZero();
    }

    @Test
    void bytesShorterThanTheHeaderAreNotSingleObjectAvro() {
        byte[] bytes = {(byte) 0xC3, 0x01, 0x78};

        assertThat(reason(codec.decode(bytes, SOURCE)))
                .isEqualTo(
                        "not single-object Avro: 3 bytes, shorter than its 10-byte header"
                                + " (marker C3 01, 8-byte schema fingerprint)");
        assertThat(reason(codec.decode(new byte[0], SOURCE)))
                .startsWith("not single-object Avro: 0 bytes, shorter");
    }

    @Test
    void bytesWithoutTheMarkerAreNotSingleObjectAvro() {
        byte[] json = "{\"id\": \"a\", \"features\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
        // Plain binary encoding, as DeadLetters.EXAMPLE_FORMAT payloads hold: no header.
        byte[] plain = concat(ID_A, FEATURES_1_MINUS_2, V2_LABEL_2, new byte[] {0, 0});

        assertThat(reason(codec.decode(json, SOURCE)))
                .isEqualTo("not single-object Avro: starts with 7B 22, not the marker C3 01");
        assertThat(reason(codec.decode(plain, SOURCE)))
                .isEqualTo("not single-object Avro: starts with 02 61, not the marker C3 01");
        byte[] c3Only = concat(new byte[] {(byte) 0xC3, 0x02}, new byte[8], V2_LABEL_2);
        assertThat(reason(codec.decode(c3Only, SOURCE)))
                .isEqualTo("not single-object Avro: starts with C3 02, not the marker C3 01");
    }

    @Test
    void anUnknownFingerprintIsNamedInHex() {
        byte[] bytes = concat(header(0x0123456789abcdefL), ID_A, FEATURES_1_MINUS_2, V2_LABEL_2);

        assertThat(reason(codec.decode(bytes, SOURCE)))
                .isEqualTo(
                        "unknown schema fingerprint 0x0123456789abcdef: no version of"
                                + " io.photonflow.avro.Example this build knows"
                                + " (v1 0x984aef90f147de78, v2 0xe4ecc497f00532db)");
    }

    @Test
    void aFingerprintWrittenBigEndianIsUnknown() {
        byte[] header =
                ByteBuffer.allocate(10).put((byte) 0xC3).put((byte) 0x01).putLong(V2).array();

        assertThat(
                        reason(
                                codec.decode(
                                        concat(header, ID_A, FEATURES_1_MINUS_2, V2_LABEL_2),
                                        SOURCE)))
                .startsWith(
                        "unknown schema fingerprint " + ExampleSchemas.hex(Long.reverseBytes(V2)));
    }

    @Test
    void aBodyThatEndsEarlyIsUnreadable() {
        byte[] headerOnly = header(V2);
        byte[] noLabel = concat(header(V2), ID_A, FEATURES_1_MINUS_2);
        byte[] halfAFloat = concat(header(V2), ID_A, new byte[] {0x04, 0x00, 0x00});

        for (byte[] bytes : List.of(headerOnly, noLabel, halfAFloat)) {
            assertThat(reason(codec.decode(bytes, SOURCE)))
                    .isEqualTo(
                            "unreadable body: not an io.photonflow.avro.Example v2 record (the"
                                    + " message ends inside it)");
        }
    }

    @Test
    void bytesLeftAfterTheRecordMakeItUnreadable() {
        byte[] one = concat(header(V2), ID_A, FEATURES_1_MINUS_2, V2_LABEL_2, new byte[] {0x00});
        byte[] v1AsV2 = concat(header(V1), ID_A, FEATURES_1_MINUS_2, V2_LABEL_2);

        assertThat(reason(codec.decode(one, SOURCE)))
                .isEqualTo(
                        "unreadable body: 1 byte left after the io.photonflow.avro.Example v2"
                                + " record");
        // A v2 body under a v1 header: the union branch reads as the label, the label is extra.
        assertThat(reason(codec.decode(v1AsV2, SOURCE)))
                .isEqualTo(
                        "unreadable body: 1 byte left after the io.photonflow.avro.Example v1"
                                + " record");
    }

    @Test
    void aUnionBranchThatDoesNotExistIsUnreadable() {
        byte[] branch5 = concat(header(V2), ID_A, FEATURES_1_MINUS_2, new byte[] {0x0A, 0x04});

        assertThat(reason(codec.decode(branch5, SOURCE)))
                .startsWith("unreadable body: not an io.photonflow.avro.Example v2 record (")
                .contains("Index 5 out of bounds for length 2");
    }

    @Test
    void negativeLengthsAndBadVarintsAreUnreadable() {
        byte[] negativeId = concat(header(V2), new byte[] {0x01}, FEATURES_1_MINUS_2, V2_LABEL_2);
        byte[] elevenByteVarint = new byte[11];
        Arrays.fill(elevenByteVarint, (byte) 0xFF);

        assertThat(reason(codec.decode(negativeId, SOURCE)))
                .isEqualTo(
                        "unreadable body: not an io.photonflow.avro.Example v2 record (Malformed"
                                + " data. Length is negative: -1)");
        assertThat(reason(codec.decode(concat(header(V2), elevenByteVarint), SOURCE)))
                .isEqualTo(
                        "unreadable body: not an io.photonflow.avro.Example v2 record (Invalid"
                                + " long encoding)");
    }

    @Test
    void aHugeClaimedLengthIsRejectedWithoutAllocatingIt() {
        // An array of 2^30 floats (zig-zag 2^31 as a varint) in a 21-byte message: Avro's decoder
        // alone allocates a 2^30-element list before finding out (OutOfMemoryError at -Xmx4g).
        byte[] hugeArray =
                concat(
                        header(V2),
                        ID_A,
                        new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08},
                        floats(1f));
        byte[] hugeId =
                concat(
                        header(V2),
                        new byte[] {
                            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0x61
                        });

        assertThat(reason(codec.decode(hugeArray, SOURCE)))
                .isEqualTo(
                        "unreadable body: not an io.photonflow.avro.Example v2 record (the"
                                + " message ends inside it)");
        assertThat(reason(codec.decode(hugeId, SOURCE)))
                .isEqualTo(
                        "unreadable body: not an io.photonflow.avro.Example v2 record (the"
                                + " message ends inside it)");
    }

    @Test
    void theWrongNumberOfFeaturesIsRejected() {
        byte[] three =
                concat(
                        header(V2),
                        ID_A,
                        new byte[] {0x06},
                        floats(1f, 2f, 3f),
                        new byte[] {0x00},
                        V2_LABEL_2);
        byte[] none = concat(header(V2), ID_A, new byte[] {0x00}, V2_NO_LABEL);

        assertThat(reason(codec.decode(three, SOURCE))).isEqualTo("has 3 features, expected 2");
        assertThat(reason(codec.decode(none, SOURCE))).isEqualTo("has 0 features, expected 2");
    }

    @Test
    void nanAndInfiniteFeaturesAreRejected() {
        byte[] nan =
                concat(
                        header(V2),
                        ID_A,
                        new byte[] {0x04},
                        floats(1f, Float.NaN),
                        new byte[] {0x00},
                        V2_NO_LABEL);
        byte[] infinity =
                concat(
                        header(V1),
                        ID_A,
                        new byte[] {0x04},
                        floats(Float.POSITIVE_INFINITY, 0f),
                        new byte[] {0x00},
                        V1_LABEL_2);
        byte[] minusInfinity = codec.encode(example("a", 0, 0f, Float.NEGATIVE_INFINITY));

        assertThat(reason(codec.decode(nan, SOURCE))).isEqualTo("feature 1 is NaN");
        assertThat(reason(codec.decode(infinity, SOURCE))).isEqualTo("feature 0 is Infinity");
        assertThat(reason(codec.decode(minusInfinity, SOURCE))).isEqualTo("feature 1 is -Infinity");
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        byte[] three = concat(header(V2), ID_A, FEATURES_1_MINUS_2, new byte[] {0x02, 0x06});
        byte[] minusOne = concat(header(V2), ID_A, FEATURES_1_MINUS_2, new byte[] {0x02, 0x01});

        assertThat(reason(codec.decode(three, SOURCE))).isEqualTo("label 3 is outside [0, 3)");
        assertThat(reason(codec.decode(minusOne, SOURCE))).isEqualTo("label -1 is outside [0, 3)");
    }

    @Test
    void aDeadLetterKeepsTheBytesAsReceivedAndWhereTheyCameFrom() throws IOException {
        byte[] bytes = concat(header(V2), ID_A, FEATURES_1_MINUS_2, new byte[] {0x02, 0x06});
        byte[] sent = bytes.clone();

        DeadLetter letter = rejected(codec.decode(bytes, SOURCE));
        bytes[12] = 0x7F; // a consumer may reuse its buffer

        assertThat(letter.getSource()).isEqualTo(SOURCE);
        assertThat(letter.getPayloadFormat())
                .isEqualTo(DeadLetters.SINGLE_OBJECT_EXAMPLE_FORMAT)
                .isEqualTo("avro-single-object:io.photonflow.avro.Example");
        assertThat(remaining(letter.getPayload())).containsExactly(sent);
        // The payload reads back with the generated decoder, as a user would.
        Example payload =
                Example.createDecoder(ExampleSchemas.store())
                        .decode(remaining(letter.getPayload()));
        assertThat(payload.getLabel()).isEqualTo(3);
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(codec);
        }
        ExampleCodec copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ExampleCodec) in.readObject();
        }

        Example example = example("a", 1, 1f, 2f);
        assertThat(accepted(copy.decode(codec.encode(example), SOURCE))).isEqualTo(example);
        assertThat(reason(copy.decode(codec.encode(example("a", 3, 1f, 2f)), SOURCE)))
                .isEqualTo("label 3 is outside [0, 3)");
    }

    private static Example accepted(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Accepted.class);
        return ((Accepted) decoded).example();
    }

    private static DeadLetter rejected(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Rejected.class);
        return ((Rejected) decoded).deadLetter();
    }

    private static String reason(Decoded decoded) {
        return rejected(decoded).getReason();
    }

    private static Example example(String id, int label, float... features) {
        return Examples.toExample(id, features, label);
    }

    private static byte[] header(long fingerprint) {
        return ByteBuffer.allocate(10)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3)
                .put((byte) 0x01)
                .putLong(fingerprint)
                .array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
