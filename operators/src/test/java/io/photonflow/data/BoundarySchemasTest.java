package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.Example;
import io.photonflow.avro.Prediction;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The records that cross the Kafka boundary: documented, and optional fields default to null. */
class BoundarySchemasTest {

    private static final List<Schema> SCHEMAS =
            List.of(
                    Example.getClassSchema(),
                    Prediction.getClassSchema(),
                    DriftEvent.getClassSchema(),
                    DeadLetter.getClassSchema());

    @Test
    void everyRecordAndFieldHasADoc() {
        for (Schema schema : SCHEMAS) {
            assertThat(schema.getDoc()).as(schema.getName()).isNotBlank();
            for (Schema.Field field : schema.getFields()) {
                assertThat(field.doc()).as(schema.getName() + "." + field.name()).isNotBlank();
            }
        }
    }

    @Test
    void everyOptionalFieldIsNullFirstWithANullDefault() {
        for (Schema schema : SCHEMAS) {
            for (Schema.Field field : schema.getFields()) {
                if (field.schema().isNullable()) {
                    String name = schema.getName() + "." + field.name();
                    assertThat(field.schema().getTypes().get(0).getType())
                            .as(name)
                            .isEqualTo(Schema.Type.NULL);
                    assertThat(field.defaultVal()).as(name).isEqualTo(JsonProperties.NULL_VALUE);
                }
            }
        }
    }

    @Test
    void aPredictionAndADriftEventHaveTheFieldsTheirConsumersRead() {
        assertThat(Prediction.getClassSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly(
                        "id",
                        "predictedClass",
                        "probabilities",
                        "modelVersion",
                        "eventTimeMillis",
                        "latencyMillis");
        assertThat(DriftEvent.getClassSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly(
                        "detector",
                        "step",
                        "exampleOffset",
                        "statistic",
                        "threshold",
                        "eventTimeMillis");
        Prediction prediction =
                Prediction.newBuilder()
                        .setId("a")
                        .setPredictedClass(1)
                        .setProbabilities(List.of(0.25f, 0.75f))
                        .setModelVersion(12)
                        .setEventTimeMillis(1_700_000_000_000L)
                        .build();
        assertThat(prediction.getLatencyMillis()).isNull();
    }
}
