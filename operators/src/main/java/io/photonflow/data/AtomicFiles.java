package io.photonflow.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files replaced at once: written to {@code <file>.tmp} first, then moved over the file, so that a
 * reader sees the old file or the new one, never half of one, and a failed write leaves neither the
 * temporary file nor a damaged one behind.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes a file's content to the path given. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporary) throws IOException;
    }

    /** Replaces {@code file} with what {@code writer} writes, creating its folders. */
    public static void replace(Path file, Writer writer) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = temporary(file);
        try {
            writer.writeTo(temporary);
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Where {@link #replace} puts {@code file} while it writes it: {@code <file>.tmp}. */
    public static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }
}
