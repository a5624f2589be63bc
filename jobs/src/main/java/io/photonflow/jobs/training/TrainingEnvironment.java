package io.photonflow.jobs.training;

import io.photonflow.jobs.config.CheckpointingSpec;
import io.photonflow.jobs.config.JobConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink settings a training job needs, derived from its configuration. */
public final class TrainingEnvironment {

    private static final int PORT_ATTEMPTS = 20;
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    /** Where a local run keeps checkpoints when checkpointing.directory is unset. */
    static final String LOCAL_CHECKPOINTS = "runs/checkpoints";

    private TrainingEnvironment() {}

    /**
     * Checkpointing and restarts as configured; object reuse, because records are immutable once
     * emitted and copying megabyte tensors between chained operators is waste; no generic (Kryo)
     * types, so a record type that Flink cannot serialize properly fails at build time.
     */
    public static Configuration flinkConfiguration(JobConfig config) {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        CheckpointingSpec checkpointing = config.checkpointing();
        if (checkpointing.enabled()) {
            flink.set(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointing.intervalDuration());
            flink.set(
                    CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    CheckpointingMode.EXACTLY_ONCE);
            // Unset, a cluster's own execution.checkpointing.dir (conf/flink/config.yaml) applies.
            if (checkpointing.hasDirectory()) {
                flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                flink.set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        fileSystemUri(checkpointing.directory()));
            }
            // Exponential back-off: after a TaskManager is lost, its slots come back only when a
            // replacement registers, and quick fixed-delay attempts would all be spent before.
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            flink.set(
                    RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                    checkpointing.restartAttempts());
            flink.set(
                    RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                    INITIAL_BACKOFF);
            flink.set(
                    RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                    MAX_BACKOFF);
        } else {
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        return flink;
    }

    /** Applies {@link #flinkConfiguration} to an environment someone else created. */
    public static void apply(StreamExecutionEnvironment env, JobConfig config) {
        env.configure(flinkConfiguration(config));
        env.setParallelism(1);
        // Minibatches are large and latency-bound: ship every buffer at once.
        env.setBufferTimeout(0);
    }

    /**
     * An embedded mini-cluster, with the web dashboard on 127.0.0.1 unless the configured port is
     * 0. When that port is taken (another run, say), the next free one of the following {@value
     * #PORT_ATTEMPTS} is used. Nothing it starts listens beyond loopback.
     */
    public static LocalCluster local(JobConfig config) throws IOException {
        Configuration flink = flinkConfiguration(config);
        bindToLoopback(flink);
        if (config.checkpointing().enabled() && !config.checkpointing().hasDirectory()) {
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, fileSystemUri(LOCAL_CHECKPOINTS));
        }
        int configured = config.runtime().webUiPort();
        StreamExecutionEnvironment env;
        int port = 0;
        if (configured > 0) {
            port = freePort(configured);
            flink.set(RestOptions.PORT, port);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        } else {
            env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        }
        apply(env, config);
        return new LocalCluster(env, port);
    }

    /**
     * Binds every server socket of the mini-cluster to loopback: without these, the BLOB server and
     * (with the dashboard off) the REST endpoint listen on all interfaces. The TaskManager's
     * addresses are set too, for the data exchange of a mini-cluster with several TaskManagers;
     * with one, as here, data, RPC and metric queries stay in-process and open no socket.
     */
    static void bindToLoopback(Configuration flink) {
        flink.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        flink.set(JobManagerOptions.ADDRESS, LOOPBACK);
        flink.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        flink.set(TaskManagerOptions.HOST, LOOPBACK);
        flink.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        flink.set(RestOptions.ADDRESS, LOOPBACK);
    }

    private static int freePort(int from) throws IOException {
        for (int port = from; port < from + PORT_ATTEMPTS && port <= 65535; port++) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(LOOPBACK, port));
                return port;
            } catch (BindException taken) {
                // try the next one
            }
        }
        throw new IOException(
                "ports "
                        + from
                        + "-"
                        + (from + PORT_ATTEMPTS - 1)
                        + " on 127.0.0.1 are all taken; set runtime.web-ui-port (0 turns the "
                        + "dashboard off)");
    }

    /**
     * An embedded cluster ready to run a job.
     *
     * @param env the environment to build and execute the job on
     * @param dashboardPort port of the web dashboard on 127.0.0.1, 0 when there is none
     */
    public record LocalCluster(StreamExecutionEnvironment env, int dashboardPort) {}

    /** A path or URI as a file system URI; bare paths are local and made absolute. */
    static String fileSystemUri(String location) {
        URI uri = URI.create(location);
        return uri.getScheme() != null && uri.getScheme().length() > 1
                ? location
                : Path.of(location).toAbsolutePath().toUri().toString();
    }
}
