package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.Example;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class ExampleSchemasTest {

    /** Fingerprints of the shipped versions: a change here breaks every reader of old records. */
    private static final long V1_FINGERPRINT = 0x984aef90f147de78L;

    private static final long V2_FINGERPRINT = 0xe4ecc497f00532dbL;

    @Test
    void versionOneIsTheSchemaAsShipped() throws IOException {
        Schema shipped = resource("/avro/Example-v1.avsc");

        assertThat(ExampleSchemas.V1).isEqualTo(shipped);
        assertThat(SchemaNormalization.toParsingForm(ExampleSchemas.V1))
                .isEqualTo(SchemaNormalization.toParsingForm(shipped));
        assertThat(ExampleSchemas.fingerprint(shipped)).isEqualTo(V1_FINGERPRINT);
    }

    @Test
    void theLastVersionIsTheGeneratedClassesSchema() {
        assertThat(ExampleSchemas.SHIPPED).last().isSameAs(Example.getClassSchema());
        assertThat(ExampleSchemas.fingerprint(Example.getClassSchema()))
                .as(
                        "Example.avsc changed: add the previous version to"
                                + " ExampleSchemas.SHIPPED (and a test resource), then pin the"
                                + " new fingerprint here")
                .isEqualTo(V2_FINGERPRINT);
    }

    @Test
    void theCurrentSchemaReadsEveryShippedVersion() {
        for (Schema writer : ExampleSchemas.SHIPPED) {
            assertThat(
                            SchemaCompatibility.checkReaderWriterCompatibility(
                                            Example.getClassSchema(), writer)
                                    .getType())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void versionOneReadersCannotReadVersionTwoBecauseItsLabelMayBeNull() {
        // Backward compatible only: consumers must be upgraded before producers send v2.
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        ExampleSchemas.V1, ExampleSchemas.V2)
                                .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void theLabelIsOptionalWithANullDefault() {
        Schema.Field label = Example.getClassSchema().getField("label");

        assertThat(label.schema().isNullable()).isTrue();
        assertThat(label.schema().getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(label.hasDefaultValue()).isTrue();
        assertThat(Example.newBuilder().setId("x").setFeatures(java.util.List.of()).build())
                .extracting(Example::getLabel)
                .isNull();
    }

    @Test
    void versionsAndTheStoreKnowEveryFingerprint() {
        SchemaStore store = ExampleSchemas.store();

        assertThat(ExampleSchemas.version(V1_FINGERPRINT)).isEqualTo(1);
        assertThat(ExampleSchemas.version(V2_FINGERPRINT)).isEqualTo(2);
        assertThat(ExampleSchemas.version(42L)).isZero();
        assertThat(store.findByFingerprint(V1_FINGERPRINT)).isEqualTo(ExampleSchemas.V1);
        assertThat(store.findByFingerprint(V2_FINGERPRINT)).isEqualTo(ExampleSchemas.V2);
        assertThat(store.findByFingerprint(42L)).isNull();
        assertThat(ExampleSchemas.schema(1)).isSameAs(ExampleSchemas.V1);
        assertThat(ExampleSchemas.hex(V1_FINGERPRINT)).isEqualTo("0x984aef90f147de78");
        assertThat(ExampleSchemas.hex(1L)).isEqualTo("0x0000000000000001");
    }

    static Schema resource(String path) throws IOException {
        try (InputStream in = ExampleSchemasTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }
}
