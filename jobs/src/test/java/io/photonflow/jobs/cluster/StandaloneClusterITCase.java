package io.photonflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.ClusterTestJobs;
import io.photonflow.jobs.training.OperatorIds;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.training.ReferenceTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Training jobs on a real standalone cluster: a JobManager and two TaskManagers, each its own JVM
 * started by docker/cluster/cluster.sh from the built jars, the job jar submitted over the REST API
 * like any user's. ND4J comes from the processes' lib/ folder, the job's operators are spread over
 * both TaskManagers (runtime.placement per-layer), and checkpoints and savepoints go to a shared
 * file:// folder. Whatever happens to the cluster, every run must end with the weights of the
 * reference trainer, bit for bit.
 *
 * <p>The tests share one cluster and run in order; the last one kills a TaskManager.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterITCase {

    /** 784-256-128-10 per layer: 3 loops + the rest of the job = 4 slot sharing groups. */
    private static final int TASK_MANAGERS = 2;

    private static final int SLOTS_PER_TASK_MANAGER = 2;
    private static final int LAYERS = 3;

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    private static Path runDir;
    private static StandaloneCluster cluster;
    private static FlinkRestClient rest;
    private static String jarId;

    @RegisterExtension
    static final TestWatcher CLUSTER_LOGS_ON_FAILURE =
            StandaloneCluster.logsOnFailure(() -> cluster);

    @BeforeAll
    static void startCluster() throws Exception {
        ClusterTestJobs.requireFashionMnist();
        runDir = Path.of("target/cluster-it").toAbsolutePath();
        deleteRecursively(runDir);
        long start = System.nanoTime();
        cluster = StandaloneCluster.start(runDir, TASK_MANAGERS, SLOTS_PER_TASK_MANAGER);
        rest = cluster.rest();
        jarId = rest.uploadJar(cluster.jobJar());
        log(
                "cluster of %d TaskManagers up at %s in %.1f s (logs: %s)",
                TASK_MANAGERS, cluster.restAddress(), seconds(start), runDir.resolve("log"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(0)
    void jobJarLeavesFlinkAndNd4jToTheCluster() throws Exception {
        try (JarFile jar = new JarFile(cluster.jobJar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.photonflow.jobs.ClusterJob");
            assertThat(jar.stream().map(entry -> entry.getName()))
                    .as("classes the cluster's lib/ provides, loaded once per JVM")
                    .noneMatch(
                            name ->
                                    name.startsWith("org/nd4j/")
                                            || name.startsWith("org/bytedeco/")
                                            || name.startsWith("org/apache/flink/runtime/")
                                            || name.startsWith("org/apache/flink/streaming/api/"));
        }
    }

    @Test
    @Order(1)
    void trainsOnBothTaskManagersAndRunsAgainOnTheSameCluster() throws Exception {
        List<String> args = smallJob("first");
        JobConfig config = ClusterTestJobs.config(args);
        String first = runToCompletion(args, null);

        RunSummary summary = RunSummary.read(config.output().path(), 1);
        assertThat(summary.epochs()).as("test evaluations").hasSize(2);
        assertThat(summary.finalTestAccuracy())
                .as("test accuracy (chance: 0.1)")
                .isGreaterThan(0.3);
        ModelSnapshot model = ClusterTestJobs.model(config);
        assertThat(model.getEpoch()).isEqualTo(2);
        assertShapes(model, 784, 256, 128, 10);
        ReferenceTrainer.Result reference = ClusterTestJobs.runReference(config);
        assertThat(model.getStep()).isEqualTo(reference.steps());
        ClusterTestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());

        Map<String, Set<String>> placement = rest.taskManagersByTask(first);
        assertThat(allTaskManagers(placement))
                .as("TaskManagers the tasks ran on: %s", placement)
                .containsExactlyInAnyOrder("taskmanager-1", "taskmanager-2");
        for (int l = 0; l < LAYERS; l++) {
            assertThat(taskManagersOf(placement, OperatorIds.update(l)))
                    .as("layer %d and its update, joined by the feedback edge, in one JVM", l)
                    .isEqualTo(taskManagersOf(placement, OperatorIds.layer(l)));
        }

        // The same job again, on the same TaskManagers: ND4J's natives are loaded once per JVM
        // (lib/, parent-first), so a second job's class loader does not load them again.
        List<String> again = smallJob("second");
        runToCompletion(again, null);
        ClusterTestJobs.assertBitIdentical(
                ModelSnapshots.weights(ClusterTestJobs.model(ClusterTestJobs.config(again))),
                reference.weights());
    }

    /**
     * Hidden layers split 4 ways over the cluster's 4 slots, one job under DFA with the shards
     * projecting for themselves and one under BP: each equals, bit for bit, the reference trainer
     * split the same way, and the shards of a layer run on both TaskManagers.
     */
    @Test
    @Order(2)
    void fourShardsPerLayerEqualTheShardedReferenceTrainerUnderDfaAndBp() throws Exception {
        for (String algorithm : List.of("dfa", "bp")) {
            List<String> args = new ArrayList<>(smallJob("shards-" + algorithm));
            args.addAll(
                    List.of(
                            "algorithm=" + algorithm,
                            "projection.at-shards=" + algorithm.equals("dfa"),
                            "runtime.shards=4",
                            "runtime.placement=shared"));
            String job = runToCompletion(args, null);

            assertMatchesReference(ClusterTestJobs.config(args));
            assertThat(taskManagersOf(rest.taskManagersByTask(job), OperatorIds.layer(1)))
                    .as("TaskManagers of layer 1's shards")
                    .containsExactlyInAnyOrder("taskmanager-1", "taskmanager-2");
        }
    }

    @Test
    @Order(2)
    void resumesFromASavepointWithTheUninterruptedRunsWeights() throws Exception {
        List<String> args = longJob("savepoint");
        JobConfig config = ClusterTestJobs.config(args);
        long start = System.nanoTime();
        String stopped = rest.run(jarId, args, null);
        rest.awaitCompletedCheckpoints(stopped, 2, JOB_TIMEOUT);
        String savepoint =
                rest.stopWithSavepoint(
                        stopped, cluster.shared("savepoints"), Duration.ofMinutes(2));
        assertThat(rest.awaitTermination(stopped, JOB_TIMEOUT)).isEqualTo("FINISHED");
        long trainedBefore = RunSummary.read(config.output().path(), 1).trainingExamples();
        log(
                "stopped with savepoint %s after %d of %d training examples, %.1f s",
                savepoint, trainedBefore, totalExamples(config), seconds(start));
        assertThat(trainedBefore)
                .as("examples trained before the stop")
                .isLessThan(totalExamples(config));

        String resumed = runToCompletion(args, savepoint);

        JsonNode restored = rest.checkpoints(resumed).path("latest").path("restored");
        assertThat(restored.path("is_savepoint").asBoolean()).as("restored: %s", restored).isTrue();
        assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);
        assertThat(RunSummary.read(config.output().path(), 1).trainingExamples())
                .as("training examples in metrics.avro, each once")
                .isEqualTo(totalExamples(config));
        assertMatchesReference(config);
    }

    @Test
    @Order(3)
    void recoversBitIdenticalAfterATaskManagerIsKilled() throws Exception {
        List<String> args = longJob("killed");
        JobConfig config = ClusterTestJobs.config(args);
        long start = System.nanoTime();
        String job = rest.run(jarId, args, null);
        rest.awaitCompletedCheckpoints(job, 2, JOB_TIMEOUT);
        assertThat(allTaskManagers(rest.taskManagersByTask(job))).contains("taskmanager-2");

        cluster.kill("taskmanager-2");
        log("killed taskmanager-2 (SIGKILL) %.1f s into the job", seconds(start));
        // Two replacements: cancelling its tasks, the surviving TaskManager can hit a fatal error
        // on network buffers of the killed peer and exit (Flink 2.2.1, "FATAL - exception in
        // exception handler", seen in a CI run), and the job would then wait for slots for ever.
        for (int i = 0; i < 2; i++) {
            String replacement = cluster.startTaskManager();
            log("%s started %.1f s into the job", replacement, seconds(start));
        }

        assertThat(rest.awaitTermination(job, JOB_TIMEOUT))
                .as("job state; failures: %s", rest.exceptions(job))
                .isEqualTo("FINISHED");
        log(
                "job finished %.1f s after its start; failures:%n%s",
                seconds(start), rest.exceptions(job));
        JsonNode checkpoints = rest.checkpoints(job);
        assertThat(checkpoints.path("counts").path("restored").asInt())
                .as("restores from checkpoints")
                .isPositive();
        assertThat(checkpoints.path("latest").path("restored").path("is_savepoint").asBoolean())
                .isFalse();
        assertThat(allTaskManagers(rest.taskManagersByTask(job)))
                .as("TaskManagers of the last attempts")
                .doesNotContain("taskmanager-2");
        assertThat(RunSummary.read(config.output().path(), 1).trainingExamples())
                .as("training examples in metrics.avro, each once")
                .isEqualTo(totalExamples(config));
        assertMatchesReference(config);
    }

    /**
     * Hidden layers split into 2 shards each, all in one slot sharing group (2 slots): SIGKILL of a
     * TaskManager that holds shards, and the job ends with the weights of the reference trainer
     * split the same way, each example trained on once.
     */
    @Test
    @Order(4)
    void shardedLayersRecoverBitIdenticalAfterATaskManagerHoldingShardsIsKilled() throws Exception {
        List<String> args = new ArrayList<>(longJob("sharded"));
        args.addAll(List.of("runtime.shards=2", "runtime.placement=shared"));
        JobConfig config = ClusterTestJobs.config(args);
        long start = System.nanoTime();
        String job = rest.run(jarId, args, null);
        rest.awaitCompletedCheckpoints(job, 2, JOB_TIMEOUT);
        String victim =
                taskManagersOf(rest.taskManagersByTask(job), OperatorIds.layer(0))
                        .iterator()
                        .next();

        cluster.kill(victim);
        log("killed %s, which held shards, (SIGKILL) %.1f s into the job", victim, seconds(start));
        String replacement = cluster.startTaskManager();
        log("%s started %.1f s into the job", replacement, seconds(start));

        assertThat(rest.awaitTermination(job, JOB_TIMEOUT))
                .as("job state; failures: %s", rest.exceptions(job))
                .isEqualTo("FINISHED");
        assertThat(rest.checkpoints(job).path("counts").path("restored").asInt())
                .as("restores from checkpoints")
                .isPositive();
        assertThat(allTaskManagers(rest.taskManagersByTask(job))).doesNotContain(victim);
        assertThat(RunSummary.read(config.output().path(), 1).trainingExamples())
                .as("training examples in metrics.avro, each once")
                .isEqualTo(totalExamples(config));
        assertMatchesReference(config);
    }

    /**
     * 3,000 training and 1,000 test examples, 784-256-128-10, 2 epochs of 60 minibatches, each
     * layer with its update in a slot of its own.
     */
    private static List<String> smallJob(String name) {
        return job(
                name, "data.train-limit=3000", "training.epochs=2", "checkpointing.interval=1 s");
    }

    /**
     * 6,000 training examples, 3 epochs of 120 minibatches, a checkpoint every 200 ms: long enough
     * to stop or break in the middle. A lost TaskManager costs a few restart attempts (deployments
     * to it fail until the JobManager declares it lost), so allow plenty.
     */
    private static List<String> longJob(String name) {
        return job(
                name,
                "data.train-limit=6000",
                "training.epochs=3",
                "checkpointing.interval=200 ms",
                "checkpointing.restart-attempts=30");
    }

    private static List<String> job(String name, String... overrides) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "name=photonflow-cluster-test-" + name,
                                "data.test-limit=1000",
                                "network.hidden=[256,128]",
                                "optimizer.schedule=constant",
                                "training.batch-size=50",
                                "training.eval-batch-size=500",
                                "checkpointing.enabled=true",
                                "checkpointing.directory=" + cluster.shared("checkpoints/" + name),
                                "runtime.placement=per-layer",
                                "runtime.feedback-timeout=2 min",
                                "runtime.web-ui-port=0",
                                "output.directory=" + runDir.resolve("output").resolve(name)));
        args.addAll(List.of(overrides));
        return args;
    }

    /** Submits the job jar with {@code args} and waits until the job has finished. */
    private static String runToCompletion(List<String> args, String savepoint) throws Exception {
        long start = System.nanoTime();
        String job = rest.run(jarId, args, savepoint);
        String state = rest.awaitTermination(job, JOB_TIMEOUT);
        log(
                "job %s (%s%s) %s in %.1f s",
                job,
                args.get(0),
                savepoint == null ? "" : ", from a savepoint",
                state,
                seconds(start));
        assertThat(state).as("job state; failures: %s", rest.exceptions(job)).isEqualTo("FINISHED");
        return job;
    }

    private static void assertMatchesReference(JobConfig config) throws Exception {
        ReferenceTrainer.Result reference = ClusterTestJobs.runReference(config);
        ModelSnapshot model = ClusterTestJobs.model(config);
        assertThat(model.getStep()).isEqualTo(reference.steps());
        ClusterTestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());
    }

    private static void assertShapes(ModelSnapshot model, int... widths) {
        List<LayerParameters> layers = model.getParameters();
        assertThat(layers).hasSize(widths.length - 1);
        for (int l = 0; l < layers.size(); l++) {
            LayerParameters layer = layers.get(l);
            assertThat(new int[] {layer.getRows(), layer.getCols()})
                    .as("shape of layer %d's weights", l)
                    .containsExactly(widths[l], widths[l + 1]);
            assertThat(layer.getWeights()).hasSize(widths[l] * widths[l + 1]);
            assertThat(layer.getBias()).hasSize(widths[l + 1]);
        }
    }

    private static long totalExamples(JobConfig config) {
        return (long) config.data().trainLimit() * config.training().epochs();
    }

    private static Set<String> allTaskManagers(Map<String, Set<String>> placement) {
        Set<String> all = new TreeSet<>();
        placement.values().forEach(all::addAll);
        return all;
    }

    /** The TaskManagers of the task that holds operator {@code operator}. */
    private static Set<String> taskManagersOf(Map<String, Set<String>> placement, String operator) {
        return placement.entrySet().stream()
                .filter(task -> Stream.of(task.getKey().split(" -> ")).anyMatch(operator::equals))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no task runs " + operator + ": " + placement));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println("[cluster test] " + String.format(format, args));
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
