package io.photonflow.flink.failures;

import io.photonflow.data.DataFormatException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Ends a job at once on an I/O failure that a restart would only repeat: Flink's restart strategy
 * (exponential back-off, {@code checkpointing.restart-attempts}) is for lost TaskManagers and other
 * passing trouble, and spent a minute of restarts on an output folder that was a file. Flink does
 * not restart a job whose failure has a {@link SuppressRestartsException} among its causes.
 */
public final class FailFast {

    /** What the operating system says for failures of the file system itself, not of this run. */
    private static final List<String> PERMANENT_REASONS =
            List.of(
                    "no space left on device",
                    "disk quota exceeded",
                    "read-only file system",
                    "is a directory",
                    "not a directory",
                    "permission denied");

    private FailFast() {}

    /**
     * Ends the job without restarts when no restart can fix {@code failure} (throws a {@link
     * SuppressRestartsException} caused by it); returns otherwise, for the caller to rethrow it:
     * {@code catch (IOException e) { FailFast.ifPermanent(e); throw e; }}.
     */
    public static void ifPermanent(IOException failure) {
        if (isPermanent(failure)) {
            throw new SuppressRestartsException(failure);
        }
    }

    /** An I/O step of an operator. */
    @FunctionalInterface
    public interface IoStep {
        void run() throws IOException;
    }

    /**
     * Runs {@code step}; when it fails permanently, ends the job at once ({@link #ifPermanent}).
     */
    public static void run(IoStep step) throws IOException {
        try {
            step.run();
        } catch (IOException e) {
            ifPermanent(e);
            throw e;
        }
    }

    /**
     * The failure under the {@link SuppressRestartsException} among the causes of {@code failure}
     * (what {@link #ifPermanent} stopped the job for); null when there is none.
     */
    public static Throwable stoppedFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SuppressRestartsException && cause.getCause() != null) {
                return cause.getCause();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * Whether no restart can fix {@code failure}: malformed data, a missing or unreadable file, a
     * path of the wrong kind, a full or read-only disk.
     */
    public static boolean isPermanent(IOException failure) {
        if (failure instanceof DataFormatException
                || failure instanceof NoSuchFileException
                || failure instanceof AccessDeniedException
                || failure instanceof FileAlreadyExistsException
                || failure instanceof NotDirectoryException) {
            return true;
        }
        String message = failure.getMessage();
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return PERMANENT_REASONS.stream().anyMatch(lower::contains);
    }
}
