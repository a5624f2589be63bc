package io.photonflow.jobs.cli;

import io.photonflow.data.DataFormatException;
import io.photonflow.flink.failures.FailFast;
import io.photonflow.jobs.cluster.ClusterException;
import io.photonflow.jobs.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns the failures a user can fix into one clear message and an exit code. */
final class Failures {

    static final int CONFIG = 2;
    static final int DATA = 3;
    static final int JOB = 1;
    static final int CLUSTER = 4;

    private static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist/";

    private Failures() {}

    static int report(Exception failure, PrintStream err) {
        if (failure instanceof ClusterException cluster) {
            err.println("error: " + cluster.getMessage());
            return CLUSTER;
        }
        if (failure instanceof ConfigException config) {
            err.println(config.getMessage());
            return CONFIG;
        }
        Throwable stopped = FailFast.stoppedFor(failure);
        if (stopped instanceof Exception cause && cause != failure) {
            // The job ended without restarts on what no restart can fix: the cause is the news.
            return report(cause, err);
        }
        if (failure instanceof NoSuchFileException missing) {
            err.println("error: data file not found: " + missing.getFile());
            if (missing.getFile().startsWith(FASHION_MNIST)) {
                err.println(
                        "Fashion-MNIST comes as a Debian package: sudo apt-get install -y "
                                + "dataset-fashion-mnist\n"
                                + "or point data.train.* and data.test.* at your own copy of the "
                                + "idx files.");
            }
            return DATA;
        }
        if (failure instanceof DataFormatException | failure instanceof IllegalArgumentException) {
            err.println("error: " + failure.getMessage());
            return DATA;
        }
        if (failure instanceof FileSystemException path) {
            err.println("error: " + path.getFile() + ": " + reason(path));
            return DATA;
        }
        if (failure instanceof IOException io && FailFast.isPermanent(io)) {
            err.println("error: " + io.getMessage());
            return DATA;
        }
        err.println("error: the job failed: " + rootMessage(failure));
        failure.printStackTrace(err);
        return JOB;
    }

    /** What went wrong with a path, in words; the JDK leaves the reason out of some. */
    private static String reason(FileSystemException failure) {
        if (failure.getReason() != null) {
            return failure.getReason();
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (failure instanceof NotDirectoryException) {
            return "not a folder";
        }
        return failure.getClass().getSimpleName();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
