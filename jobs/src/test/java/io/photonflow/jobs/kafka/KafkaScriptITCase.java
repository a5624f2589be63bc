package io.photonflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docker/kafka/kafka.sh as a user runs it: start (the storage formatted once, the bootstrap address
 * printed), status, topics create and list, a second start refused, stop by pid, a pid file whose
 * process is not the broker reported and left alone, and a restart that keeps the topics. One
 * broker in a temporary folder on free ports; the tests run in order.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaScriptITCase {

    private static Path dir;
    private static int port;
    private static int controllerPort;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("kafka-script-");
        int[] ports = KafkaBroker.freePorts(2);
        port = ports[0];
        controllerPort = ports[1];
    }

    @AfterAll
    static void stopAndRemove() throws Exception {
        if (dir == null) {
            return;
        }
        try {
            script("stop");
        } finally {
            killSurvivor();
            KafkaBroker.deleteRecursively(dir);
        }
    }

    @Test
    @Order(1)
    void startFormatsTheStorageAndPrintsTheBootstrapAddress() throws Exception {
        Result start =
                script(
                        "start",
                        "--port",
                        String.valueOf(port),
                        "--controller-port",
                        String.valueOf(controllerPort));
        assertThat(start.exitCode).as(start.output).isZero();
        assertThat(start.output)
                .contains("bootstrap servers: 127.0.0.1:" + port)
                .contains(dir.resolve("log/server.log").toString());
        assertThat(dir.resolve("data/meta.properties")).exists();
        assertThat(dir.resolve("cluster-id")).isNotEmptyFile();
        assertThat(dir.resolve("server.properties"))
                .content()
                .contains("listeners=PLAINTEXT://127.0.0.1:" + port)
                .contains("transaction.max.timeout.ms=3600000");

        Result status = script("status");
        assertThat(status.exitCode).as(status.output).isZero();
        assertThat(status.output).contains("answers on 127.0.0.1:" + port);
        assertThat(script("bootstrap").output.trim()).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    @Order(2)
    void topicsAreCreatedAndListed() throws Exception {
        Result create = script("topics", "create", "examples", "--partitions", "3");
        assertThat(create.exitCode).as(create.output).isZero();
        assertThat(create.output).contains("Created topic examples.");
        assertThat(script("topics", "create", "examples").exitCode).isNotZero();
        assertThat(script("topics", "create", "examples", "--if-not-exists").exitCode).isZero();

        Result list = script("topics", "list");
        assertThat(list.exitCode).as(list.output).isZero();
        assertThat(list.output.lines()).contains("examples");
        assertThat(partitions("examples")).isEqualTo(3);
    }

    @Test
    @Order(3)
    void aSecondStartIsRefused() throws Exception {
        Result again = script("start");
        assertThat(again.exitCode).isEqualTo(1);
        assertThat(again.output).contains("runs already");
    }

    @Test
    @Order(4)
    void stopEndsTheBrokerByItsPid() throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve("kafka.pid")).trim());
        Result stop = script("stop");
        assertThat(stop.exitCode).as(stop.output).isZero();
        assertThat(stop.output).contains("stopped the Kafka broker (pid " + pid + ")");
        // Exited; reaping it is up to its parent (init), which may take a moment.
        Optional<ProcessHandle> broker = ProcessHandle.of(pid);
        if (broker.isPresent()) {
            broker.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(dir.resolve("kafka.pid")).doesNotExist();
        assertThat(script("status").exitCode).isEqualTo(3);
    }

    @Test
    @Order(5)
    void aPidFileOfAnotherProcessIsReportedAndNotTrusted() throws Exception {
        // This test JVM is alive, and is not the broker: stop must not signal it.
        long self = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("kafka.pid"), self + "\n");
        Result stop = script("stop");
        assertThat(stop.exitCode).as(stop.output).isZero();
        assertThat(stop.output)
                .contains("pid " + self)
                .contains("is no broker of " + dir)
                .contains("signalled nothing");
        assertThat(dir.resolve("kafka.pid")).doesNotExist();
    }

    @Test
    @Order(6)
    void aRestartKeepsTheStorageThePortsAndTheTopics() throws Exception {
        String clusterId = Files.readString(dir.resolve("cluster-id"));
        Result start = script("start");
        assertThat(start.exitCode).as(start.output).isZero();
        assertThat(start.output).contains("bootstrap servers: 127.0.0.1:" + port);
        assertThat(dir.resolve("cluster-id")).hasContent(clusterId);
        assertThat(script("topics", "list").output.lines()).contains("examples");
        Result stop = script("stop");
        assertThat(stop.exitCode).as(stop.output).isZero();
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic);
            return description.partitions().size();
        }
    }

    /** A broker of this folder left running by a failed test (its pid file names it). */
    private static void killSurvivor() throws IOException {
        Path pidFile = dir.resolve("kafka.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String marker = "-Dphotonflow.kafka.dir=" + dir;
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .filter(
                        p ->
                                p.info().arguments().stream()
                                        .flatMap(Arrays::stream)
                                        .anyMatch(marker::equals))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    private record Result(int exitCode, String output) {}

    /** Runs kafka.sh COMMAND ARGS... --dir DIR, with its output (stdout and stderr) collected. */
    private static Result script(String command, String... args) throws Exception {
        Path root = KafkaBroker.projectRoot();
        List<String> commandLine = new ArrayList<>();
        commandLine.add("bash");
        commandLine.add(root.resolve("docker/kafka/kafka.sh").toString());
        commandLine.add(command);
        commandLine.addAll(List.of(args));
        commandLine.add("--dir");
        commandLine.add(dir.toString());
        Path output = Files.createTempFile("kafka-sh-", ".txt");
        try {
            Process process =
                    new ProcessBuilder(commandLine)
                            .directory(root.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(
                        "kafka.sh "
                                + command
                                + " still runs after 3 minutes:\n"
                                + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
