package io.photonflow.jobs.bench;

import io.photonflow.jobs.cluster.JobParameters;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs each job on a local cluster of its own, in this process, with as many TaskManagers of one
 * slot as the job has slot sharing groups' slots, which talk over TCP as on a cluster of machines;
 * reads the counters through a metric reporter ({@link TaskByteCounters}), at the very step.
 */
public final class LocalTrafficMeter implements TrafficMeter {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public Window measure(
            JobConfig config, Path configFile, List<String> overrides, long fromStep, long toStep)
            throws Exception {
        Configuration flink = TrainingEnvironment.flinkConfiguration(config);
        flink.set(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS, JobParameters.slots(config));
        flink.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
        // Every TaskManager of the local cluster takes network buffers; few channels need few.
        flink.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(16));
        flink.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(16));
        TaskByteCounters.configureOn(flink);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        TrainingEnvironment.apply(env, config);
        TrainingJob.plan(config).addTo(env);
        TaskByteCounters counters = TaskByteCounters.SHARED;
        counters.clear();
        JobClient client = env.executeAsync(config.name());
        long from = awaitStep(counters, client, fromStep);
        Map<String, Long> opening = counters.remoteBytesByTask();
        long to = awaitStep(counters, client, Math.max(from + 1, toStep));
        Map<String, Long> closing = counters.remoteBytesByTask();
        client.getJobExecutionResult().get();
        return Window.between(from, opening, to, closing);
    }

    @Override
    public String where() {
        return "on a local cluster";
    }

    /** The step the error operator reached once it reached {@code step}. */
    private static long awaitStep(TaskByteCounters counters, JobClient client, long step)
            throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (counters.step() < step) {
            if (client.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException(
                        "the job ended before training step " + step + " was reached");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "training step " + step + " not reached within " + STEP_TIMEOUT);
            }
            Thread.sleep(2);
        }
        return counters.step();
    }
}
