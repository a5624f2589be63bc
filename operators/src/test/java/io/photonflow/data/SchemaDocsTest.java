package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.Example;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.Prediction;
import io.photonflow.avro.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Every record the project writes to files or topics, and every field of it, nested records
 * included (a model snapshot's layers and parameters), says what it holds: the files are read by
 * people and other programs, with nothing but the schema in their header.
 */
class SchemaDocsTest {

    private static final List<Schema> WRITTEN =
            List.of(
                    ModelSnapshot.getClassSchema(),
                    TrainingMetrics.getClassSchema(),
                    AlignmentMeasurement.getClassSchema(),
                    DeadLetter.getClassSchema(),
                    Example.getClassSchema(),
                    Prediction.getClassSchema(),
                    DriftEvent.getClassSchema());

    @Test
    void everyRecordAndFieldHasADoc() {
        List<String> undocumented = new ArrayList<>();
        for (Schema schema : WRITTEN) {
            collectUndocumented(schema, undocumented);
        }

        assertThat(undocumented).isEmpty();
    }

    @Test
    void theLayersOfAModelSnapshotAreAmongTheRecordsChecked() {
        List<String> records = new ArrayList<>();
        collectRecords(ModelSnapshot.getClassSchema(), records);

        assertThat(records).contains("LayerSpec", "LayerParameters");
    }

    private static void collectUndocumented(Schema schema, List<String> undocumented) {
        switch (schema.getType()) {
            case RECORD -> {
                if (isBlank(schema.getDoc())) {
                    undocumented.add(schema.getName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        undocumented.add(schema.getName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), undocumented);
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), undocumented);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, undocumented));
            default -> {}
        }
    }

    private static void collectRecords(Schema schema, List<String> records) {
        switch (schema.getType()) {
            case RECORD -> {
                records.add(schema.getName());
                schema.getFields().forEach(field -> collectRecords(field.schema(), records));
            }
            case ARRAY -> collectRecords(schema.getElementType(), records);
            case UNION -> schema.getTypes().forEach(t -> collectRecords(t, records));
            default -> {}
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }
}
