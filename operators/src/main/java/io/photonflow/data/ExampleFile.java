package io.photonflow.data;

import io.photonflow.avro.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;

/**
 * Reads the {@link Example} records of an Avro container file, written with any version of the
 * schema, resolved to the current one; every reader of example files goes through it. A file that
 * cannot be read to its end is an error naming the file: not a container file, a record that does
 * not decode, or a file cut short ({@link AvroFileEnd}).
 */
public final class ExampleFile {

    /** Receives the records in file order. */
    @FunctionalInterface
    public interface Visitor {

        /**
         * @param index the record's 0-based position in the file
         * @param example the record; reused for the next one, so copy what you keep
         */
        void accept(int index, Example example);
    }

    private ExampleFile() {}

    /**
     * Reads the first {@code limit} records of {@code file} (all of them when {@code limit <= 0})
     * and returns how many it read.
     *
     * @throws DataFormatException when the file is not an Avro container file, a record is not an
     *     {@link Example}, or the file ends inside a block
     */
    public static int read(Path file, int limit, Visitor visitor) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        int index = 0;
        DataFileReader<Example> records = open(file);
        try (records) {
            // Reusing the record keeps Avro from allocating a fresh feature list per example.
            Example example = null;
            for (; (limit <= 0 || index < limit) && records.hasNext(); index++) {
                example = records.next(example);
                visitor.accept(index, example);
            }
        } catch (AvroRuntimeException | IOException e) {
            throw new DataFormatException(
                    file,
                    "record "
                            + index
                            + " cannot be read as an "
                            + Example.class.getName()
                            + " ("
                            + e.getMessage()
                            + ")",
                    e);
        }
        if (limit <= 0 || index < limit) {
            AvroFileEnd.requireComplete(file, records, index);
        }
        return index;
    }

    private static DataFileReader<Example> open(Path file) throws IOException {
        try {
            return new DataFileReader<>(file.toFile(), new FloatListReader<>(Example.class));
        } catch (IOException e) {
            throw new DataFormatException(
                    file, "not an Avro container file (" + e.getMessage() + ")", e);
        }
    }
}
