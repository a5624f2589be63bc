package io.photonflow.data;

import io.photonflow.avro.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads the {@link Example} records of an Avro container file, written with any version of the
 * schema, resolved to the current one; every reader of example files goes through it. A file that
 * cannot be read to its end is an error naming the file: not a container file, a record that does
 * not decode, or a file cut short.
 *
 * <p>Avro's own reader takes a file that ends inside a block for a file that ends there, and drops
 * the records of that block without a word. Here the records read must end where the file does:
 * after the last record of a block, the reader's position (its last sync point) must be the file's
 * length. A file cut exactly after a block's sync marker is a valid, shorter file and cannot be
 * told apart.
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
        long length = Files.size(file); // also fails, naming the file, when there is none
        int index = 0;
        long end;
        DataFileReader<Example> records = open(file);
        try (records) {
            // Reusing the record keeps Avro from allocating a fresh feature list per example.
            Example example = null;
            for (; (limit <= 0 || index < limit) && records.hasNext(); index++) {
                example = records.next(example);
                visitor.accept(index, example);
            }
            end = records.previousSync();
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
            checkComplete(file, length, end, index);
        }
        return index;
    }

    private static DataFileReader<Example> open(Path file) throws IOException {
        try {
            return new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Example.class));
        } catch (IOException e) {
            throw new DataFormatException(
                    file, "not an Avro container file (" + e.getMessage() + ")", e);
        }
    }

    /** Fails unless the last block read, which ended at {@code end}, ended the file. */
    private static void checkComplete(Path file, long length, long end, int read)
            throws DataFormatException {
        if (end < length) {
            throw new DataFormatException(
                    file,
                    "Avro file cut short after "
                            + read
                            + (read == 1 ? " record" : " records")
                            + " (its last "
                            + (length - end)
                            + " of "
                            + length
                            + " bytes are an incomplete block, whose records are lost); copy or"
                            + " write the file again");
        }
    }
}
