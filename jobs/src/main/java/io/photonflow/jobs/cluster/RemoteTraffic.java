package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.photonflow.flink.operators.Metrics;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes a running job's tasks received from other TaskManagers, from Flink's own task counters
 * over REST ({@value #REMOTE_BYTES}, each vertex's subtasks added up by {@code agg=sum}), with the
 * training step the error operator had reached.
 *
 * <p>The JobManager answers metric requests from a store it refreshes at most every {@code
 * metrics.fetcher.update-interval}: a reading is only consistent when the step and the bytes come
 * from one refresh, which {@link #read} makes sure of by reading the step before and after the
 * bytes and trying again when it moved.
 */
public final class RemoteTraffic {

    /** Flink's counter of the bytes a subtask's input channels received from other TaskManagers. */
    public static final String REMOTE_BYTES = "numBytesInRemote";

    private static final int ATTEMPTS = 20;

    private final FlinkRestClient rest;
    private final String jobId;
    private final JobMetrics progress;
    private final Map<String, String> vertices = new LinkedHashMap<>();

    /**
     * @param rest the cluster's REST API
     * @param jobId the job, running
     */
    public RemoteTraffic(FlinkRestClient rest, String jobId) {
        this.rest = rest;
        this.jobId = jobId;
        this.progress = new JobMetrics(rest, jobId);
    }

    /**
     * One reading.
     *
     * @param step the training step the error operator had reached
     * @param bytesByTask bytes received from other TaskManagers so far, per task (by the name Flink
     *     gives its vertex, {@code a -> b} for a chain)
     */
    public record Reading(long step, Map<String, Long> bytesByTask) {}

    /** A consistent reading; null while the job's tasks do not report yet. */
    public Reading read() throws IOException, InterruptedException {
        if (vertices.isEmpty()) {
            for (JsonNode vertex : rest.job(jobId).path("vertices")) {
                vertices.put(vertex.path("id").asText(), vertex.path("name").asText());
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Double before = progress.progress().get(Metrics.STEP);
            Map<String, Long> bytes = bytes();
            Double after = progress.progress().get(Metrics.STEP);
            if (before == null || after == null || bytes == null) {
                return null;
            }
            if (before.equals(after)) {
                return new Reading(before.longValue(), bytes);
            }
        }
        throw new ClusterException(
                "the job's metrics changed under every one of "
                        + ATTEMPTS
                        + " readings; is metrics.fetcher.update-interval far below a second?");
    }

    /** Every task's bytes; null when a task does not report its counter yet. */
    private Map<String, Long> bytes() throws IOException, InterruptedException {
        Map<String, Long> byTask = new TreeMap<>();
        for (Map.Entry<String, String> vertex : vertices.entrySet()) {
            JsonNode answer =
                    rest.get(
                            "/jobs/"
                                    + jobId
                                    + "/vertices/"
                                    + vertex.getKey()
                                    + "/subtasks/metrics?get="
                                    + REMOTE_BYTES
                                    + "&agg=sum");
            JsonNode sum = answer.path(0).path("sum");
            if (sum.isMissingNode()) {
                return null;
            }
            byTask.put(vertex.getValue(), (long) sum.asDouble());
        }
        return byTask;
    }
}
