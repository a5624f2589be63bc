package io.photonflow.jobs.inference;

import io.photonflow.data.DataFormatException;
import io.photonflow.data.FloatListReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/** Avro container files of one record type, read with errors that name the file. */
public final class AvroContainers {

    private AvroContainers() {}

    /** The schema of the records in {@code file}, from its header. */
    public static Schema schemaOf(Path file, String what) throws IOException {
        checkExists(file, what);
        try (DataFileReader<GenericRecord> reader =
                new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            return reader.getSchema();
        } catch (IOException e) {
            throw new DataFormatException(
                    file, "not an Avro container file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens {@code file} for reading records of {@code type}; fails with one line naming the file
     * when it is missing, not an Avro container file, or holds records of another type.
     *
     * @param what what the file should be, e.g. "model snapshot" or "metrics file", for the
     *     messages
     */
    public static <T extends SpecificRecord> DataFileReader<T> open(
            Path file, Class<T> type, Schema schema, String what) throws IOException {
        Schema found = schemaOf(file, what);
        if (!found.getFullName().equals(schema.getFullName())) {
            throw new DataFormatException(
                    file,
                    "not a "
                            + what
                            + ": it holds "
                            + found.getFullName()
                            + " records, not "
                            + schema.getFullName());
        }
        return new DataFileReader<>(file.toFile(), new FloatListReader<>(type));
    }

    private static void checkExists(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    what
                            + " not found: "
                            + file
                            + (Files.isDirectory(file) ? " (a folder, not a file)" : ""));
        }
    }
}
