package io.photonflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client's failures as the user reads them, against a local HTTP server that answers as
 * Flink's REST API does (bodies copied from Flink 2.2's answers), and the cluster address and slot
 * explanations.
 */
class ClusterClientTest {

    private static final String JOB = "0123456789abcdef0123456789abcdef";

    private HttpServer server;
    private FlinkRestClient rest;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer(
                "/jobs/" + JOB,
                404,
                "{\"errors\":[\"org.apache.flink.runtime.rest.NotFoundException: Job "
                        + JOB
                        + " not found\\n\\tat org.apache.flink...\"]}");
        answer(
                "/jars/abc_job.jar/run",
                400,
                "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException: Could"
                        + " not execute application.\\n\\tat x\\nCaused by:"
                        + " org.apache.flink.client.program.ProgramInvocationException: The main"
                        + " method caused an error: boom\\nCaused by:"
                        + " java.nio.file.NoSuchFileException: /nowhere/train.gz\\n\\tat y\"]}");
        answer("/overview", 200, "<html>not flink</html>");
        server.start();
        rest = new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void unknownJobIsNamed() {
        assertThatThrownBy(() -> rest.job(JOB))
                .isInstanceOf(ClusterException.class)
                .hasMessage("no job " + JOB + " on the cluster at " + rest.address());
    }

    @Test
    void malformedJobIdFailsBeforeAnyRequest() {
        assertThatThrownBy(() -> rest.state("42"))
                .hasMessage("not a Flink job id: '42' (32 hex digits, as submit prints them)");
    }

    @Test
    void rejectedJobShowsTheInnermostCause() {
        assertThatThrownBy(() -> rest.run("abc_job.jar", java.util.List.of(), null))
                .hasMessage(
                        "the cluster at "
                                + rest.address()
                                + " refused the job (HTTP 400): /nowhere/train.gz"
                                + " (NoSuchFileException)");
    }

    @Test
    void somethingElseThanFlinkIsSaidSo() {
        assertThatThrownBy(() -> rest.overview())
                .hasMessageStartingWith(rest.address() + " does not answer as a Flink REST API");
        assertThatThrownBy(() -> rest.get("/nothing-here"))
                .hasMessageStartingWith(rest.address() + " does not answer as a Flink REST API");
    }

    @Test
    void noClusterIsOneLineWithWhatToDo() {
        server.stop(0);
        assertThatThrownBy(() -> rest.overview())
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith(
                        "cannot reach a Flink cluster at "
                                + rest.address()
                                + " (connection refused)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void addressFromOptionEnvironmentOrDefault() throws Exception {
        Map<String, String> environment = Map.of(ClusterAddress.ENVIRONMENT, "10.0.0.5:9081");
        assertThat(ClusterAddress.resolve("host:1234", environment))
                .isEqualTo(URI.create("http://host:1234"));
        assertThat(ClusterAddress.resolve(null, environment))
                .isEqualTo(URI.create("http://10.0.0.5:9081"));
        assertThat(ClusterAddress.resolve(null, Map.of()))
                .isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(ClusterAddress.resolve("http://host:1/#/overview", Map.of()))
                .isEqualTo(URI.create("http://host:1"));
        assertThatThrownBy(() -> ClusterAddress.resolve("ftp://host:1", Map.of()))
                .hasMessageStartingWith("not a cluster address: 'ftp://host:1'");
    }

    @Test
    void slotsShortOnlyWhenTheClusterCannotHoldTheJob() throws Exception {
        assertThat(SlotShortage.explain(4, overview(1, 2, 0, 1)))
                .isEqualTo(
                        "waiting for 4 slots, 0 free (1 TaskManager, 2 slots in all): start a"
                                + " TaskManager (docker/cluster/cluster.sh start-taskmanager) or"
                                + " lower runtime.placement");
        assertThat(SlotShortage.explain(4, overview(2, 4, 0, 1)))
                .as("the job itself holds the slots while it deploys")
                .isNull();
        assertThat(SlotShortage.explain(4, overview(2, 4, 2, 2)))
                .endsWith("other jobs hold them; stop one, or start a TaskManager");
    }

    private static JsonNode overview(int taskManagers, int total, int free, int running)
            throws Exception {
        return new ObjectMapper()
                .readTree(
                        String.format(
                                "{\"taskmanagers\":%d,\"slots-total\":%d,\"slots-available\":%d,"
                                        + "\"jobs-running\":%d}",
                                taskManagers, total, free, running));
    }

    private void answer(String path, int status, String body) {
        server.createContext(
                path,
                exchange -> {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
    }
}
