package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a local run ({@code train}, {@code benchmark}, {@code compare}, {@code online}: all on
 * {@link TrainingEnvironment#local}) listens on: a real training job, with checkpoints, the
 * dashboard on and off, its process's listening sockets sampled while it runs. Every one of them
 * (REST, BLOB server, RPC, the data exchange) must be bound to loopback.
 */
class LocalNetworkITCase {

    @ParameterizedTest(name = "runtime.web-ui-port={0}")
    @ValueSource(ints = {18481, 0})
    void aLocalRunListensOnLoopbackOnly(int webUiPort, @TempDir Path out) throws Exception {
        Set<String> before = ListeningSockets.now();
        JobConfig config =
                TestJobs.small(
                        out,
                        "runtime.web-ui-port=" + webUiPort,
                        "checkpointing.enabled=true",
                        "checkpointing.interval=1 s");
        TrainingJob job = TrainingJob.plan(config);
        TrainingEnvironment.LocalCluster cluster = TrainingEnvironment.local(config);
        job.addTo(cluster.env());
        JobClient client = cluster.env().executeAsync(config.name());
        CompletableFuture<?> result = client.getJobExecutionResult();
        Set<String> seen = new TreeSet<>();
        do {
            seen.addAll(ListeningSockets.now());
            Thread.sleep(20);
        } while (!result.isDone());
        result.get();
        seen.removeAll(before);

        assertThat(seen).as("sockets the run listened on").isNotEmpty();
        assertThat(seen.stream().filter(socket -> !ListeningSockets.onLoopback(socket)))
                .as(
                        "sockets beyond loopback, of %s",
                        seen.stream().map(ListeningSockets::readable).toList())
                .map(ListeningSockets::readable)
                .isEmpty();
    }
}
