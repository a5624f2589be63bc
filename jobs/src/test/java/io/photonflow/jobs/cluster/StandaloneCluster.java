package io.photonflow.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real standalone Flink cluster for tests: one JobManager and some TaskManagers, each its own JVM
 * process, started and stopped with the project's own script (docker/cluster/cluster.sh) from the
 * built jars, as a user would. {@link #close()} stops every process it started, also when a test
 * failed; a JVM shutdown hook does the same if the test JVM exits before.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);

    private final Path root;
    private final Path runDir;
    private final int restPort;
    private final FlinkRestClient rest;
    private final Thread shutdownHook;
    private boolean stopped;

    private StandaloneCluster(Path root, Path runDir, int restPort) {
        this.root = root;
        this.runDir = runDir;
        this.restPort = restPort;
        this.rest = new FlinkRestClient(URI.create("http://127.0.0.1:" + restPort));
        this.shutdownHook = new Thread(this::stopQuietly, "stop-standalone-cluster");
    }

    /**
     * Starts a cluster of {@code taskManagers} TaskManagers with {@code slots} slots each, its pid
     * files, logs and shared checkpoint directory in {@code runDir}, on free ports of 127.0.0.1;
     * without the script's supervisor, so that a TaskManager killed stays dead until {@link
     * #startTaskManager()}.
     */
    static StandaloneCluster start(Path runDir, int taskManagers, int slots) throws Exception {
        return start(runDir, taskManagers, slots, false, List.of());
    }

    /**
     * As {@link #start(Path, int, int)}, with {@code flinkOptions} (KEY=VALUE) set on every process
     * (the script's {@code -D}).
     */
    static StandaloneCluster start(
            Path runDir, int taskManagers, int slots, List<String> flinkOptions) throws Exception {
        return start(runDir, taskManagers, slots, false, flinkOptions);
    }

    /**
     * As {@link #start(Path, int, int)}, with the script's supervisor, which replaces a TaskManager
     * that dies, as the default setup of a user's cluster does.
     */
    static StandaloneCluster startSupervised(Path runDir, int taskManagers, int slots)
            throws Exception {
        return start(runDir, taskManagers, slots, true, List.of());
    }

    private static StandaloneCluster start(
            Path runDir, int taskManagers, int slots, boolean supervised, List<String> flinkOptions)
            throws Exception {
        Path root = projectRoot();
        int restPort = freePort();
        StandaloneCluster cluster = new StandaloneCluster(root, runDir, restPort);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            List<String> options =
                    new ArrayList<>(
                            List.of(
                                    "--taskmanagers",
                                    String.valueOf(taskManagers),
                                    "--slots",
                                    String.valueOf(slots),
                                    "--rest-port",
                                    String.valueOf(restPort),
                                    "--rpc-port",
                                    String.valueOf(freePort())));
            if (!supervised) {
                options.add("--no-supervise");
            }
            for (String option : flinkOptions) {
                options.add("-D");
                options.add(option);
            }
            cluster.script("start", options.toArray(String[]::new));
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * A test watcher that prints the last lines of every log of {@code cluster}'s processes when a
     * test fails, so that the failure's cause on the cluster shows in the test's output.
     */
    static TestWatcher logsOnFailure(Supplier<StandaloneCluster> cluster) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                if (cluster.get() != null) {
                    System.err.println(cluster.get().logTails(60));
                }
            }
        };
    }

    FlinkRestClient rest() {
        return rest;
    }

    URI restAddress() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /** The shared folder of checkpoints and savepoints, as a file URI. */
    String shared(String child) {
        return runDir.resolve("shared").resolve(child).toUri().toString();
    }

    /** The job jar the build made: jobs/target/photonflow-jobs-VERSION-job.jar. */
    Path jobJar() throws IOException {
        return JobJar.find(root);
    }

    /** Starts one more TaskManager; returns its id (taskmanager-N). */
    String startTaskManager() throws Exception {
        List<String> output = script("start-taskmanager");
        return output.get(output.size() - 1).trim();
    }

    /** The pid of a running process of this cluster (jobmanager, taskmanager-N). */
    long pid(String process) throws IOException {
        return Long.parseLong(Files.readString(runDir.resolve("pid/" + process + ".pid")).trim());
    }

    /** Sends SIGKILL to a process of the cluster and waits until it is gone. */
    void kill(String process) throws Exception {
        ProcessHandle handle =
                ProcessHandle.of(pid(process))
                        .orElseThrow(() -> new IllegalStateException(process + " does not run"));
        handle.destroyForcibly(); // SIGKILL on Linux
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The last lines of every process's log, for failure messages. */
    String logTails(int lines) {
        StringBuilder tails = new StringBuilder();
        try (Stream<Path> logs = Files.list(runDir.resolve("log"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> all = Files.readAllLines(log);
                tails.append("==> ").append(log).append(" <==\n");
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(line -> tails.append(line).append('\n'));
            }
        } catch (IOException e) {
            tails.append("(logs unreadable: ").append(e).append(")\n");
        }
        return tails.toString();
    }

    /** Stops every process of the cluster (cluster.sh stop, then SIGKILL for any survivor). */
    @Override
    public void close() throws Exception {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            script("stop");
        } finally {
            killSurvivors();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("stopping the cluster in " + runDir + ": " + e);
        }
    }

    /** Processes whose pid file is left and whose command line still names this cluster. */
    private void killSurvivors() throws IOException {
        Path pids = runDir.resolve("pid");
        if (!Files.isDirectory(pids)) {
            return;
        }
        try (Stream<Path> files = Files.list(pids)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                Optional<ProcessHandle> process =
                        ProcessHandle.of(Long.parseLong(Files.readString(file).trim()));
                String marker =
                        "-Dphotonflow.cluster.process=" + runDir.toAbsolutePath() + "/" + name;
                if (process.isPresent()
                        && process.get().info().arguments().stream()
                                .flatMap(Stream::of)
                                .anyMatch(marker::equals)) {
                    System.err.println("killing " + name + " (pid " + process.get().pid() + ")");
                    process.get().destroyForcibly();
                }
            }
        }
    }

    /** Runs cluster.sh COMMAND ... --run-dir RUN_DIR; returns its output, fails on errors. */
    private List<String> script(String command, String... args) throws Exception {
        List<String> commandLine = new ArrayList<>();
        commandLine.add("bash");
        commandLine.add(root.resolve("docker/cluster/cluster.sh").toString());
        commandLine.add(command);
        commandLine.addAll(List.of(args));
        commandLine.add("--run-dir");
        commandLine.add(runDir.toString());
        Files.createDirectories(runDir);
        Path output = Files.createTempFile(runDir, "cluster-sh-" + command + "-", ".txt");
        Process process =
                new ProcessBuilder(commandLine)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "cluster.sh "
                            + command
                            + " did not finish within "
                            + SCRIPT_TIMEOUT
                            + ":\n"
                            + Files.readString(output));
        }
        List<String> lines = Files.readAllLines(output);
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    "cluster.sh "
                            + command
                            + " failed (exit code "
                            + process.exitValue()
                            + "):\n"
                            + String.join("\n", lines));
        }
        return lines;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project root: the first folder upwards from here that holds docker/cluster. */
    static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/cluster/cluster.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "docker/cluster/cluster.sh not found above " + Path.of("").toAbsolutePath());
    }
}
