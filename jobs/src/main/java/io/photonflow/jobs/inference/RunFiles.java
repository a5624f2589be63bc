package io.photonflow.jobs.inference;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.data.DataFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;

/**
 * What {@code photonflow inspect} says about a file a run wrote, chosen by the record type in the
 * file's Avro header: a model snapshot, metrics, dead letters or alignment measurements.
 */
public final class RunFiles {

    private static final List<Schema> KNOWN =
            List.of(
                    ModelSnapshot.getClassSchema(),
                    TrainingMetrics.getClassSchema(),
                    DeadLetter.getClassSchema(),
                    AlignmentMeasurement.getClassSchema());

    private RunFiles() {}

    /** Prints the summary of {@code file} to {@code out}. */
    public static void inspect(Path file, PrintStream out) throws IOException {
        String type = AvroContainers.schemaOf(file, "file").getFullName();
        if (type.equals(ModelSnapshot.getClassSchema().getFullName())) {
            ModelSummary.print(file, out);
        } else if (type.equals(TrainingMetrics.getClassSchema().getFullName())) {
            MetricsSummary.print(file, out);
        } else if (type.equals(DeadLetter.getClassSchema().getFullName())) {
            DeadLetterSummary.print(file, out);
        } else if (type.equals(AlignmentMeasurement.getClassSchema().getFullName())) {
            AlignmentSummary.print(file, out);
        } else {
            throw new DataFormatException(
                    file,
                    "holds "
                            + type
                            + " records; inspect reads "
                            + String.join(", ", KNOWN.stream().map(Schema::getFullName).toList()));
        }
    }
}
