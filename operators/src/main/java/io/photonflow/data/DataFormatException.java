package io.photonflow.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file whose content cannot be used; the message names the file and what is wrong. */
public final class DataFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** For problems that involve more than one file; the message must name them. */
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
