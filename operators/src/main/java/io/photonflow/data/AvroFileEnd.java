package io.photonflow.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.file.DataFileReader;

/**
 * Tells a complete Avro container file from one cut short. Avro's reader takes a file that ends
 * inside a block for a file that ends there, and drops that block's records without a word. Once a
 * reader has no next record, its last sync point must be the file's end: otherwise the file was cut
 * (an interrupted copy or write). A file cut exactly after a block's sync marker is a valid,
 * shorter file and cannot be told apart.
 */
public final class AvroFileEnd {

    private AvroFileEnd() {}

    /**
     * Fails, naming {@code file} and the {@code read} records read from it, unless {@code reader},
     * which has no next record, stopped at the end of the file.
     */
    public static void requireComplete(Path file, DataFileReader<?> reader, long read)
            throws IOException {
        long length = Files.size(file);
        long end = reader.previousSync();
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
