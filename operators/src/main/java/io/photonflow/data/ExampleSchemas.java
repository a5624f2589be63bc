package io.photonflow.data;

import io.photonflow.avro.Example;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every version of the {@link Example} schema the project has shipped, oldest first, so that a
 * single-object encoded record (which names its writer's schema only by fingerprint) written by any
 * earlier release can still be read. The last one is always the schema of the generated class.
 * Before changing {@code Example.avsc}, add its current text here as the next version.
 */
public final class ExampleSchemas {

    /** Version 1: the label is a required {@code int}. */
    public static final Schema V1 =
            new Schema.Parser()
                    .parse(
                            """
                            {
                              "type": "record",
                              "name": "Example",
                              "namespace": "io.photonflow.avro",
                              "doc": "One labelled training or test example with dense features, as it enters the system (files, Kafka).",
                              "fields": [
                                {"name": "id", "type": "string", "doc": "Identifier given by the producer; carried into dead letters."},
                                {"name": "features", "type": {"type": "array", "items": "float"}, "doc": "Dense feature vector; its length must equal the network's input width."},
                                {"name": "label", "type": "int", "doc": "Class index in [0, classes)."}
                              ]
                            }
                            """);

    /**
     * Version 2, the current one: the label is optional ({@code ["null", "int"]}, default null).
     */
    public static final Schema V2 = Example.getClassSchema();

    /** Every shipped version, oldest first; the last is the current one. */
    public static final List<Schema> SHIPPED = List.of(V1, V2);

    private static final long[] FINGERPRINTS =
            SHIPPED.stream().mapToLong(ExampleSchemas::fingerprint).toArray();

    private ExampleSchemas() {}

    /** A store that resolves the fingerprint of every shipped version. */
    public static SchemaStore store() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        SHIPPED.forEach(store::addSchema);
        return store;
    }

    /** The 1-based version of the shipped schema with this fingerprint, or 0 if none has it. */
    public static int version(long fingerprint) {
        for (int i = 0; i < FINGERPRINTS.length; i++) {
            if (FINGERPRINTS[i] == fingerprint) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The shipped schema of this 1-based version. */
    public static Schema schema(int version) {
        return SHIPPED.get(version - 1);
    }

    /**
     * The schema's 64-bit Rabin fingerprint (CRC-64-AVRO of its parsing canonical form), as the
     * single-object encoding carries it.
     */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /**
     * A fingerprint as a long in hex, {@code 0x} and 16 digits (the encoding stores the same long
     * little-endian, so the header's bytes 2 to 9 read in reverse order).
     */
    public static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }
}
