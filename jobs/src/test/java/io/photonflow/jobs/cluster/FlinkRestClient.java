package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The parts of Flink's REST API (docs: "REST API", Flink 2.2) that the cluster tests use: upload
 * and run a jar, follow a job, stop it with a savepoint, and see where its tasks ran. Plain HTTP
 * and JSON, as any client outside the JVM would use it.
 */
final class FlinkRestClient {

    /** States a job does not leave. */
    static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    private static final Duration POLL = Duration.ofMillis(250);

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
    private final ObjectMapper json = new ObjectMapper();

    FlinkRestClient(URI base) {
        this.base = base;
    }

    /** POST /jars/upload: returns the id of the uploaded jar. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "photonflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\n"
                                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\n"
                                + "Content-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(base.resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String uploaded = answer.path("filename").asText();
        return uploaded.substring(uploaded.lastIndexOf('/') + 1);
    }

    /**
     * POST /jars/:jarid/run: runs the jar's main class with {@code args}, restoring {@code
     * savepoint} when it is not null; returns the job id.
     */
    String run(String jarId, List<String> args, String savepoint)
            throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode();
        args.forEach(request.putArray("programArgsList")::add);
        if (savepoint != null) {
            request.put("savepointPath", savepoint);
            request.put("allowNonRestoredState", false);
        }
        return post("/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    /** GET /jobs/:jobid */
    JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    String state(String jobId) throws IOException, InterruptedException {
        return job(jobId).path("state").asText();
    }

    /** Waits until the job is in a terminal state, and returns that state. */
    String awaitTermination(String jobId, Duration timeout) throws Exception {
        return await("job " + jobId + " to end", timeout, () -> state(jobId), TERMINAL::contains);
    }

    /** GET /jobs/:jobid/checkpoints */
    JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /**
     * Waits until the running job has completed {@code count} checkpoints; fails when the job ends
     * before.
     */
    void awaitCompletedCheckpoints(String jobId, int count, Duration timeout) throws Exception {
        await(
                count + " completed checkpoints of job " + jobId,
                timeout,
                () -> {
                    String state = state(jobId);
                    if (TERMINAL.contains(state)) {
                        throw new AssertionError(
                                "job "
                                        + jobId
                                        + " is "
                                        + state
                                        + " before "
                                        + count
                                        + " checkpoints completed");
                    }
                    return checkpoints(jobId).path("counts").path("completed").asInt();
                },
                completed -> completed >= count);
    }

    /**
     * POST /jobs/:jobid/stop without draining: the job takes a savepoint into {@code
     * targetDirectory} and ends. Returns the savepoint's path.
     */
    String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout)
            throws Exception {
        ObjectNode request = json.createObjectNode();
        request.put("targetDirectory", targetDirectory);
        request.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        JsonNode done =
                await(
                        "savepoint of job " + jobId,
                        timeout,
                        () -> get("/jobs/" + jobId + "/savepoints/" + trigger),
                        answer -> !"IN_PROGRESS".equals(answer.path("status").path("id").asText()));
        JsonNode operation = done.path("operation");
        if (!operation.has("location")) {
            throw new AssertionError("stop-with-savepoint of job " + jobId + " failed: " + done);
        }
        return operation.path("location").asText();
    }

    /**
     * Where the job's tasks ran: task name → ids of the TaskManagers its subtasks ran on, from GET
     * /jobs/:jobid/vertices/:vertexid (the latest attempt of each subtask).
     */
    Map<String, Set<String>> taskManagersByTask(String jobId)
            throws IOException, InterruptedException {
        Map<String, Set<String>> placement = new LinkedHashMap<>();
        for (JsonNode vertex : job(jobId).path("vertices")) {
            Set<String> taskManagers = new TreeSet<>();
            JsonNode details = get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText());
            for (JsonNode subtask : details.path("subtasks")) {
                taskManagers.add(subtask.path("taskmanager-id").asText());
            }
            placement.put(vertex.path("name").asText(), taskManagers);
        }
        return placement;
    }

    /** GET /jobs/:jobid/exceptions: the job's failures, newest first, one line each. */
    String exceptions(String jobId) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        JsonNode history = get("/jobs/" + jobId + "/exceptions").path("exceptionHistory");
        for (JsonNode entry : history.path("entries")) {
            String trace = entry.path("stacktrace").asText();
            lines.append(entry.path("taskName").asText("(job)"))
                    .append(" on ")
                    .append(entry.path("taskManagerId").asText("-"))
                    .append(": ")
                    .append(trace.lines().findFirst().orElse(""))
                    .append('\n');
        }
        return lines.length() > 0 ? lines.toString() : "none listed (" + history + ")";
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        request.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    response.request().method()
                            + " "
                            + response.request().uri()
                            + ": HTTP "
                            + response.statusCode()
                            + " "
                            + response.body());
        }
        return json.readTree(response.body());
    }

    interface Probe<T> {
        T read() throws Exception;
    }

    private static <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<T> done)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.read();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError(
                "timed out after " + timeout + " waiting for " + what + "; last: " + last);
    }
}
