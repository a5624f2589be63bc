package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
import java.util.regex.Pattern;

/**
 * The parts of Flink's REST API (docs: "REST API", Flink 2.2) that photonflow's cluster commands
 * and tests use: upload and run a jar, follow a job, stop it with a savepoint, and see where its
 * tasks ran. Plain HTTP and JSON, as any client outside the JVM would use it. Every failure a user
 * can act on (no cluster at the address, no such job, a job the cluster rejects) is a {@link
 * ClusterException} with a one-line message.
 */
public final class FlinkRestClient {

    /** States a job does not leave. */
    public static final Set<String> TERMINAL =
            Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    private static final Duration POLL = Duration.ofMillis(250);

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
    private final ObjectMapper json = new ObjectMapper();

    public FlinkRestClient(URI base) {
        this.base = base;
    }

    /** The address of the REST API, also that of the web dashboard. */
    public URI address() {
        return base;
    }

    /** POST /jars/upload: returns the id of the uploaded jar. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new ClusterException("job jar not found: " + jar);
        }
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
                        "the upload of " + jar,
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
    public String run(String jarId, List<String> args, String savepoint)
            throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode();
        args.forEach(request.putArray("programArgsList")::add);
        if (savepoint != null) {
            request.put("savepointPath", savepoint);
            request.put("allowNonRestoredState", false);
        }
        return post("the job", "/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    /** DELETE /jars/:jarid: the uploaded jar, once the job it ran is submitted. */
    public void deleteJar(String jarId) throws IOException, InterruptedException {
        send(
                "the deletion of jar " + jarId,
                HttpRequest.newBuilder(base.resolve("/jars/" + jarId)).DELETE());
    }

    /** GET /jobs/:jobid */
    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get(jobPath(jobId, ""));
    }

    public String state(String jobId) throws IOException, InterruptedException {
        return job(jobId).path("state").asText();
    }

    /** GET /jobs/:jobid/config: the job's execution config, its global job parameters included. */
    public JsonNode jobConfig(String jobId) throws IOException, InterruptedException {
        return get(jobPath(jobId, "/config"));
    }

    /** GET /overview: TaskManagers, slots (total, available) and jobs of the cluster. */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** Waits until the job is in a terminal state, and returns that state. */
    public String awaitTermination(String jobId, Duration timeout) throws Exception {
        return await("job " + jobId + " to end", timeout, () -> state(jobId), TERMINAL::contains);
    }

    /** GET /jobs/:jobid/checkpoints */
    public JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        return get(jobPath(jobId, "/checkpoints"));
    }

    /**
     * Waits until the running job has completed {@code count} checkpoints; fails when the job ends
     * before.
     */
    public void awaitCompletedCheckpoints(String jobId, int count, Duration timeout)
            throws Exception {
        await(
                count + " completed checkpoints of job " + jobId,
                timeout,
                () -> {
                    String state = state(jobId);
                    if (TERMINAL.contains(state)) {
                        throw new IllegalStateException(
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
     * targetDirectory} (null: the cluster's execution.checkpointing.savepoint-dir) and ends.
     * Returns the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout)
            throws Exception {
        ObjectNode request = json.createObjectNode();
        if (targetDirectory != null) {
            request.put("targetDirectory", targetDirectory);
        }
        request.put("drain", false);
        String trigger =
                post("stop-with-savepoint", jobPath(jobId, "/stop"), request)
                        .path("request-id")
                        .asText();
        JsonNode done =
                await(
                        "savepoint of job " + jobId,
                        timeout,
                        () -> get(jobPath(jobId, "/savepoints/" + trigger)),
                        answer -> !"IN_PROGRESS".equals(answer.path("status").path("id").asText()));
        JsonNode operation = done.path("operation");
        if (!operation.has("location")) {
            throw new ClusterException(
                    "stop-with-savepoint of job "
                            + jobId
                            + " failed: "
                            + RestErrors.summarize(
                                    operation.path("failure-cause").path("stack-trace").asText()));
        }
        return operation.path("location").asText();
    }

    /**
     * Where the job's tasks ran: task name → ids of the TaskManagers its subtasks ran on, from GET
     * /jobs/:jobid/vertices/:vertexid (the latest attempt of each subtask).
     */
    public Map<String, Set<String>> taskManagersByTask(String jobId)
            throws IOException, InterruptedException {
        Map<String, Set<String>> placement = new LinkedHashMap<>();
        for (JsonNode vertex : job(jobId).path("vertices")) {
            Set<String> taskManagers = new TreeSet<>();
            JsonNode details = get(jobPath(jobId, "/vertices/" + vertex.path("id").asText()));
            for (JsonNode subtask : details.path("subtasks")) {
                taskManagers.add(subtask.path("taskmanager-id").asText());
            }
            placement.put(vertex.path("name").asText(), taskManagers);
        }
        return placement;
    }

    /** GET /jobs/:jobid/exceptions: the job's failures, newest first, one line each. */
    public String exceptions(String jobId) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        JsonNode history = get(jobPath(jobId, "/exceptions")).path("exceptionHistory");
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

    /** GET {@code path} (below the REST address, e.g. {@code /jobs/overview}). */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET " + path, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** {@code /jobs/JOB_ID} followed by {@code rest}; a malformed id fails here, in words. */
    private String jobPath(String jobId, String rest) throws ClusterException {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new ClusterException(
                    "not a Flink job id: '" + jobId + "' (32 hex digits, as submit prints them)");
        }
        return "/jobs/" + jobId + rest;
    }

    private JsonNode post(String what, String path, JsonNode body)
            throws IOException, InterruptedException {
        return send(
                what,
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    /**
     * Sends the request; {@code what} names it in the message of a failure. Any answer that is not
     * Flink's JSON, and any error answer, becomes a one-line {@link ClusterException}.
     */
    private JsonNode send(String what, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            throw new ClusterException(
                    "cannot reach a Flink cluster at "
                            + base
                            + " ("
                            + reason(unreachable)
                            + "): start one with docker/cluster/cluster.sh start, or point"
                            + " --cluster or "
                            + ClusterAddress.ENVIRONMENT
                            + " at yours",
                    unreachable);
        }
        int status = response.statusCode();
        String body = response.body();
        String path = built.uri().getPath();
        if (status / 100 != 2) {
            if (status == 404 && path.startsWith("/jobs/") && RestErrors.notFound(body)) {
                throw new ClusterException(
                        "no job " + path.split("/")[2] + " on the cluster at " + base);
            }
            if (!body.stripLeading().startsWith("{")) {
                throw new ClusterException(
                        base
                                + " does not answer as a Flink REST API (HTTP "
                                + status
                                + " for "
                                + built.method()
                                + " "
                                + path
                                + "): check --cluster or "
                                + ClusterAddress.ENVIRONMENT);
            }
            throw new ClusterException(
                    "the cluster at "
                            + base
                            + " refused "
                            + what
                            + " (HTTP "
                            + status
                            + "): "
                            + RestErrors.summarize(body));
        }
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            throw new ClusterException(
                    base
                            + " does not answer as a Flink REST API ("
                            + built.method()
                            + " "
                            + path
                            + " returned no JSON): check --cluster or "
                            + ClusterAddress.ENVIRONMENT,
                    notJson);
        }
    }

    private static String reason(IOException failure) {
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private interface Probe<T> {
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
        throw new ClusterException(
                "timed out after " + timeout + " waiting for " + what + "; last: " + last);
    }
}
