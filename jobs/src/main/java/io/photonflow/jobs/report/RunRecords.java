package io.photonflow.jobs.report;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.jobs.online.OnlineJob;
import io.photonflow.jobs.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * The records a run left in its output folder: {@code metrics.avro} (required), and where they
 * exist {@code alignment.avro}, {@code drift.avro} (online runs) and {@code dead-letters.avro}.
 *
 * @param directory the run's output folder
 * @param metrics every training step and evaluation, in order
 * @param alignment alignment angles of the hidden layers; empty when not measured
 * @param drift drift detections of an online run; empty otherwise
 * @param deadLetters inputs the run could not use
 */
public record RunRecords(
        Path directory,
        List<TrainingMetrics> metrics,
        List<AlignmentMeasurement> alignment,
        List<DriftEvent> drift,
        List<DeadLetter> deadLetters) {

    /**
     * Reads the run in {@code directory}.
     *
     * @throws IllegalArgumentException when the folder has no {@code metrics.avro}: not a run
     */
    public static RunRecords read(Path directory) throws IOException {
        Path metrics = directory.resolve(TrainingJob.METRICS_FILE);
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(
                    "no "
                            + TrainingJob.METRICS_FILE
                            + " in "
                            + directory
                            + ": not the output folder of a run (train writes one, see"
                            + " output.directory)");
        }
        return new RunRecords(
                directory,
                records(metrics, TrainingMetrics.class),
                optional(directory.resolve(TrainingJob.ALIGNMENT_FILE), AlignmentMeasurement.class),
                optional(directory.resolve(OnlineJob.DRIFT_FILE), DriftEvent.class),
                optional(directory.resolve(TrainingJob.DEAD_LETTERS_FILE), DeadLetter.class));
    }

    private static <T extends SpecificRecord> List<T> optional(Path file, Class<T> type)
            throws IOException {
        return Files.isRegularFile(file) ? records(file, type) : List.of();
    }

    /**
     * @throws IllegalArgumentException naming the file when it is not an Avro file of {@code type}
     */
    private static <T extends SpecificRecord> List<T> records(Path file, Class<T> type)
            throws IOException {
        List<T> records = new ArrayList<>();
        // A run still writing, or killed, leaves an empty file: no records yet.
        if (Files.size(file) == 0) {
            return records;
        }
        try (DataFileReader<T> reader =
                new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
            reader.forEach(records::add);
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException(
                    file
                            + " is not an Avro file of "
                            + type.getSimpleName()
                            + " records: "
                            + e.getMessage());
        }
        return records;
    }
}
