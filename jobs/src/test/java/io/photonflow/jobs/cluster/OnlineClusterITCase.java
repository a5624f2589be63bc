package io.photonflow.jobs.cluster;

import static io.photonflow.jobs.online.OnlineLog.BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.Prediction;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.kafka.KafkaBroker;
import io.photonflow.jobs.online.OnlineLog;
import io.photonflow.jobs.training.ClusterTestJobs;
import io.photonflow.training.ReferenceTrainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The online job through the job jar's {@code ClusterJob --online}, on a real standalone cluster (a
 * JobManager and two TaskManagers, each its own JVM) and a real broker, exactly once: a TaskManager
 * is killed with SIGKILL while the job learns, a new one takes its place, and at the end every
 * labelled example was trained on once (the step count), the predictions topic read with
 * read_committed holds every unlabelled id once with the model version its place in the log gives,
 * the model versions are contiguous, and the weights are the reference trainer's on the same log,
 * bit for bit (what the uninterrupted run ends with).
 */
@Tag("slow")
class OnlineClusterITCase {

    /** Long enough (about 320 steps) for checkpoints to complete before the kill. */
    private static final int EXAMPLES = 20_000;

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    private static Path runDir;
    private static StandaloneCluster cluster;

    @RegisterExtension
    static final TestWatcher CLUSTER_LOGS_ON_FAILURE =
            StandaloneCluster.logsOnFailure(() -> cluster);

    @BeforeAll
    static void startCluster() throws Exception {
        runDir = Path.of("target/online-cluster-it").toAbsolutePath();
        StandaloneClusterITCase.deleteRecursively(runDir);
        cluster = StandaloneCluster.start(runDir, 2, 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void learnsExactlyOnceThroughATaskManagerKilledMidStream() throws Exception {
        String topic = "cluster-examples";
        BROKER.createTopic(topic, 1);
        for (String output : List.of("-predictions", "-models", "-dead-letters")) {
            BROKER.createTopic(topic + output, 1);
        }
        List<Example> log = OnlineLog.log(EXAMPLES);
        List<byte[]> broken = OnlineLog.produce(BROKER, topic, log);
        List<String> args = args(topic);
        JobConfig config = ClusterTestJobs.config(args);

        FlinkRestClient rest = cluster.rest();
        String jar = rest.uploadJar(cluster.jobJar());
        List<String> online = new ArrayList<>(List.of("--online"));
        online.addAll(args);
        long start = System.nanoTime();
        String job = rest.run(jar, online, null);
        rest.awaitCompletedCheckpoints(job, 2, JOB_TIMEOUT);
        List<String> scraped = scrapePrometheus();
        assertThat(scraped)
                .as("photonflow metrics served to Prometheus by the TaskManagers")
                .anyMatch(
                        line -> line.startsWith("flink_taskmanager_job_task_operator_photonflow_"))
                .anyMatch(line -> line.contains("photonflow_examplesTrained"));
        cluster.kill("taskmanager-2");
        log("killed taskmanager-2 (SIGKILL) %.1f s into the job", seconds(start));
        // Two replacements: cancelling its tasks, a surviving TaskManager can hit a fatal error on
        // network buffers of the killed peer and exit (Flink 2.2.1, "FATAL - exception in
        // exception handler", seen in a CI run of StandaloneClusterITCase), and the job would
        // then wait for slots.
        cluster.startTaskManager();
        cluster.startTaskManager();
        assertThat(rest.awaitTermination(job, JOB_TIMEOUT))
                .as("job state; failures: %s", rest.exceptions(job))
                .isEqualTo("FINISHED");
        log("job finished %.1f s after its start", seconds(start));
        JsonNode checkpoints = rest.checkpoints(job);
        assertThat(checkpoints.path("counts").path("restored").asInt())
                .as("restores from checkpoints")
                .isPositive();

        List<Example> labelled = OnlineLog.labelled(log);
        ReferenceTrainer.Result reference =
                OnlineLog.reference(config, labelled, InputScaling.IDENTITY);
        ModelSnapshot model = ClusterTestJobs.model(config);
        assertThat(model.getStep())
                .as("training steps: every labelled example once")
                .isEqualTo(reference.steps())
                .isEqualTo((labelled.size() + BATCH - 1) / BATCH);
        ClusterTestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());

        Map<String, Long> expected =
                OnlineLog.expectedVersions(
                        log, config.online().predictionVersions(config.training().staleness()));
        List<Prediction> predictions =
                OnlineLog.read(BROKER, config.online().predictionsTopic(), Prediction.getDecoder());
        assertThat(predictions)
                .extracting(p -> p.getId().toString())
                .as("every unlabelled id once")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Prediction prediction : predictions) {
            assertThat(prediction.getModelVersion())
                    .as("model version of %s", prediction.getId())
                    .isEqualTo(expected.get(prediction.getId().toString()));
        }
        assertThat(
                        OnlineLog.read(
                                BROKER,
                                config.online().deadLettersTopic(),
                                DeadLetter.getDecoder()))
                .hasSameSizeAs(broken);
        List<ModelSnapshot> versions =
                OnlineLog.read(BROKER, config.online().modelsTopic(), ModelSnapshot.getDecoder());
        assertThat(versions)
                .extracting(ModelSnapshot::getEpoch)
                .as("model versions, contiguous")
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, versions.size()).boxed().toList());
        assertThat(versions.get(versions.size() - 1).getStep()).isEqualTo(model.getStep());
    }

    /**
     * Every metric line the cluster's processes serve on the reporter's ports (conf/flink
     * config.yaml: 9250-9260, one port a process).
     */
    private static List<String> scrapePrometheus() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> lines = new ArrayList<>();
        for (int port = 9250; port <= 9260; port++) {
            try {
                HttpResponse<String> response =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    response.body().lines().filter(l -> !l.startsWith("#")).forEach(lines::add);
                }
            } catch (java.net.ConnectException unused) {
                // No process on this port of the range.
            }
        }
        log("scraped %d metric lines from Prometheus endpoints", lines.size());
        return lines;
    }

    private static List<String> args(String topic) {
        return List.of(
                "name=photonflow-online-cluster-test",
                "network.hidden=[256,128]",
                "optimizer.schedule=constant",
                "optimizer.learning-rate=0.003",
                "training.batch-size=" + BATCH,
                "training.staleness=1",
                "checkpointing.enabled=true",
                "checkpointing.interval=200 ms",
                "checkpointing.restart-attempts=30",
                "checkpointing.directory=" + cluster.shared("checkpoints/online"),
                "runtime.placement=per-layer",
                "runtime.feedback-timeout=2 min",
                "runtime.web-ui-port=0",
                "online.bootstrap-servers=" + BROKER.bootstrapServers(),
                "online.examples-topic=" + topic,
                "online.predictions-topic=" + topic + "-predictions",
                "online.models-topic=" + topic + "-models",
                "online.dead-letters-topic=" + topic + "-dead-letters",
                "online.group-id=" + topic,
                "online.delivery=exactly-once",
                "online.bounded=true",
                "online.prediction-batch-size=16",
                "online.model-every-steps=25",
                "output.directory=" + runDir.resolve("output"));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println("[online cluster test] " + String.format(format, args));
    }
}
