package io.photonflow.jobs.cluster;

import java.net.URI;
import java.util.Map;

/**
 * Where the cluster's REST API is: the {@code --cluster} option, else the environment variable
 * {@value #ENVIRONMENT}, else {@value #DEFAULT} (what docker/cluster/cluster.sh starts). {@code
 * host:port} without a scheme means {@code http://host:port}.
 */
public final class ClusterAddress {

    public static final String ENVIRONMENT = "PHOTONFLOW_CLUSTER";
    public static final String DEFAULT = "http://127.0.0.1:8081";

    private ClusterAddress() {}

    /** The address from {@code option} (may be null) and {@code environment}. */
    public static URI resolve(String option, Map<String, String> environment)
            throws ClusterException {
        String given = option != null ? option : environment.get(ENVIRONMENT);
        String address = given == null || given.isBlank() ? DEFAULT : given.strip();
        if (!address.contains("://")) {
            address = "http://" + address;
        }
        try {
            URI uri = URI.create(address);
            if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("no http(s) host");
            }
            return URI.create(uri.getScheme() + "://" + uri.getAuthority());
        } catch (IllegalArgumentException e) {
            throw new ClusterException(
                    "not a cluster address: '"
                            + given
                            + "' (--cluster or "
                            + ENVIRONMENT
                            + " takes http://HOST:PORT)");
        }
    }
}
