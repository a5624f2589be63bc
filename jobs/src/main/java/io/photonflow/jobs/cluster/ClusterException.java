package io.photonflow.jobs.cluster;

import java.io.IOException;

/**
 * A request to the cluster that failed in a way the user can act on (cluster down, wrong address,
 * unknown job, a job the cluster rejected); its message is one line that says which.
 */
public final class ClusterException extends IOException {

    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
