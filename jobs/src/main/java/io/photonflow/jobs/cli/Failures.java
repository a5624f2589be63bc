package io.photonflow.jobs.cli;

import io.photonflow.data.DataFormatException;
import io.photonflow.jobs.cluster.ClusterException;
import io.photonflow.jobs.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;

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
        err.println("error: the job failed: " + rootMessage(failure));
        failure.printStackTrace(err);
        return JOB;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
