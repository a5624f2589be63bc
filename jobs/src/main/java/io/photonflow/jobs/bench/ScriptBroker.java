package io.photonflow.jobs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Kafka broker of the benchmark's own, started with {@code docker/kafka/kafka.sh start} in a
 * fresh temporary folder on two free ports of 127.0.0.1, and stopped ({@code kafka.sh stop}) and
 * deleted by {@link #close()}, also when the JVM is shut down (Ctrl-C).
 */
final class ScriptBroker implements AutoCloseable {

    private static final Pattern BOOTSTRAP =
            Pattern.compile("(?m)^\\s*bootstrap servers:\\s*(\\S+)\\s*$");
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Path script;
    private final Path directory;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    private boolean closed;

    private ScriptBroker(Path script, Path directory, String bootstrapServers) {
        this.script = script;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(this::stopQuietly, "photonflow-benchmark-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with {@code root}/docker/kafka/kafka.sh; returns once it answers. */
    static ScriptBroker start(Path root) throws IOException, InterruptedException {
        Path script = root.resolve("docker/kafka/kafka.sh");
        if (!Files.isRegularFile(script)) {
            throw new IOException("no Kafka script at " + script);
        }
        Path directory = Files.createTempDirectory("photonflow-benchmark-kafka-");
        int[] ports = freePorts();
        Output start =
                run(
                        List.of(
                                script.toString(),
                                "start",
                                "--dir",
                                directory.toString(),
                                "--port",
                                Integer.toString(ports[0]),
                                "--controller-port",
                                Integer.toString(ports[1])),
                        root,
                        START_TIMEOUT_SECONDS);
        if (start.exitCode() != 0) {
            deleteTree(directory);
            throw new IOException(
                    "docker/kafka/kafka.sh start failed (exit code "
                            + start.exitCode()
                            + "): "
                            + lastLines(start.text(), 15));
        }
        String bootstrap = bootstrapOf(start.text());
        if (bootstrap == null) {
            bootstrap = "127.0.0.1:" + ports[0];
        }
        return new ScriptBroker(script, directory, bootstrap);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's process id, from kafka.sh's pid file; empty when it cannot be read. */
    OptionalLong pid() {
        try {
            return OptionalLong.of(
                    Long.parseLong(Files.readString(directory.resolve("kafka.pid")).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs
        }
        Output stop =
                run(
                        List.of(script.toString(), "stop", "--dir", directory.toString()),
                        script.getParent(),
                        STOP_TIMEOUT_SECONDS);
        if (stop.exitCode() != 0) {
            throw new IOException(
                    "docker/kafka/kafka.sh stop --dir "
                            + directory
                            + " failed: "
                            + lastLines(stop.text(), 5));
        }
        deleteTree(directory);
    }

    private void stopQuietly() {
        try {
            close();
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("online-benchmark: stopping the Kafka broker: " + e.getMessage());
        }
    }

    /**
     * The bootstrap address that {@code kafka.sh start} prints ({@code " bootstrap servers:
     * HOST:PORT"}), or null when it printed none.
     */
    static String bootstrapOf(String output) {
        Matcher matcher = BOOTSTRAP.matcher(output);
        return matcher.find() ? matcher.group(1) : null;
    }

    private record Output(int exitCode, String text) {}

    private static Output run(List<String> command, Path directory, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .start();
        process.getOutputStream().close();
        byte[][] text = new byte[1][];
        Thread reader =
                new Thread(
                        () -> {
                            try (InputStream in = process.getInputStream()) {
                                text[0] = in.readAllBytes();
                            } catch (IOException e) {
                                text[0] = ("(output unreadable: " + e + ")").getBytes();
                            }
                        },
                        "photonflow-benchmark-kafka-sh");
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(
                    String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String output = text[0] == null ? "" : new String(text[0], StandardCharsets.UTF_8);
        return new Output(process.exitValue(), output);
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket();
                ServerSocket b = new ServerSocket()) {
            a.bind(new InetSocketAddress("127.0.0.1", 0));
            b.bind(new InetSocketAddress("127.0.0.1", 0));
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    private static String lastLines(String text, int lines) {
        String[] all = text.strip().split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
