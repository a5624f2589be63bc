package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.photonflow.flink.operators.Metrics;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's own progress metrics over REST: the training figures the error operator registers under
 * the {@value Metrics#GROUP} group (step, epoch, loss, ...), found by name among the metrics of the
 * job's vertices, and the job's restart count.
 */
final class JobMetrics {

    static final List<String> PROGRESS =
            List.of(
                    Metrics.EPOCH,
                    Metrics.STEP,
                    Metrics.LOSS,
                    Metrics.ACCURACY,
                    Metrics.SAMPLES_PER_SECOND,
                    Metrics.TEST_ACCURACY);

    private final FlinkRestClient rest;
    private final String jobId;
    private String vertexPath;
    private final Map<String, String> ids = new LinkedHashMap<>();

    JobMetrics(FlinkRestClient rest, String jobId) {
        this.rest = rest;
        this.jobId = jobId;
    }

    /**
     * The latest value of each progress metric, by name ({@link #PROGRESS}); empty while no task
     * reports them (not yet deployed, restarting).
     */
    Map<String, Double> progress() throws IOException, InterruptedException {
        if (vertexPath == null && !find()) {
            return Map.of();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        JsonNode answer = rest.get(vertexPath + "?get=" + String.join(",", ids.values()));
        for (JsonNode metric : answer) {
            String id = metric.path("id").asText();
            ids.forEach(
                    (name, full) -> {
                        if (full.equals(id)) {
                            values.put(name, parse(metric.path("value").asText()));
                        }
                    });
        }
        return values;
    }

    /** Restarts of the job so far (its numRestarts metric). */
    int restarts() throws IOException, InterruptedException {
        for (JsonNode metric : rest.get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return (int) parse(metric.path("value").asText());
        }
        return 0;
    }

    /** Looks for the vertex whose metrics include photonflow's progress; false when none yet. */
    private boolean find() throws IOException, InterruptedException {
        for (JsonNode vertex : rest.job(jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
            Map<String, String> found = new LinkedHashMap<>();
            for (JsonNode metric : rest.get(path)) {
                String id = metric.path("id").asText();
                for (String name : PROGRESS) {
                    if (id.endsWith("." + Metrics.GROUP + "." + name)) {
                        found.putIfAbsent(name, id);
                    }
                }
            }
            if (found.containsKey(Metrics.STEP) && found.containsKey(Metrics.LOSS)) {
                vertexPath = path;
                ids.putAll(found);
                return true;
            }
        }
        return false;
    }

    private static double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }
}
