package io.photonflow.jobs.online;

import static io.photonflow.jobs.online.OnlineLog.BATCH;
import static io.photonflow.jobs.online.OnlineLog.DRIFT_AT;
import static io.photonflow.jobs.online.OnlineLog.expectedVersions;
import static io.photonflow.jobs.online.OnlineLog.log;
import static io.photonflow.jobs.online.OnlineLog.produce;
import static io.photonflow.jobs.online.OnlineLog.read;
import static io.photonflow.jobs.online.OnlineLog.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.Example;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.Prediction;
import io.photonflow.data.ExampleCodec;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.kafka.KafkaBroker;
import io.photonflow.jobs.training.ClusterTestJobs;
import io.photonflow.jobs.training.SyntheticExamples;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The online job on a real Kafka broker: a topic of labelled, unlabelled and broken examples is
 * learned from to its end, and the weights equal, bit for bit, those of the reference trainer fed
 * the same labelled examples in log order; every unlabelled example gets exactly one prediction,
 * from the model version its place in the log fixes; every broken record is a dead letter with a
 * reason; every record is accounted for.
 */
@Tag("slow")
class OnlineITCase {

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    /**
     * Also exactly once under failure: with an injected failure after step 10 (and a completed
     * checkpoint), the job restores its offsets, batcher and loops, and the committed topics and
     * the weights are those of the uninterrupted run.
     */
    @ParameterizedTest(name = "{0}, staleness {1}, failing after step {2}, drift reaction {3}")
    @CsvSource({
        "exactly-once, 1, 0, none",
        "at-least-once, 0, 0, none",
        "exactly-once, 2, 10, none",
        "at-least-once, 1, 0, boost-learning-rate",
        "exactly-once, 1, 12, reset-optimizer"
    })
    void learnsTheLogBitForBitPredictsEveryUnlabelledExampleOnceAndKeepsEveryBadRecord(
            String delivery,
            int staleness,
            int failAfterStep,
            String reaction,
            @TempDir Path out,
            @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String topic =
                "examples-" + delivery + "-" + staleness + "-" + failAfterStep + "-" + reaction;
        BROKER.createTopic(topic, 1);
        for (String output : List.of("-predictions", "-models", "-dead-letters")) {
            BROKER.createTopic(topic + output, 1);
        }
        boolean drifts = !reaction.equals("none");
        List<Example> log = log(drifts);
        List<byte[]> broken = produce(BROKER, topic, log);
        JobConfig config = config(out, topic, delivery, staleness, failAfterStep, reaction);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, config);
        JobExecutionResult result = new OnlineJob(config).execute(env);
        if (failAfterStep > 0) {
            assertThat(restarts(cluster, result))
                    .as("restarts after the injected failure")
                    .isPositive();
        }

        List<Example> labelled = log.stream().filter(e -> e.getLabel() != null).toList();
        ReferenceTrainer.Result reference = reference(config, labelled, InputScaling.IDENTITY);
        ModelSnapshot model = ModelSnapshots.read(config.output().path().resolve("model.avro"));
        assertThat(model.getStep())
                .isEqualTo(reference.steps())
                .isEqualTo((labelled.size() + BATCH - 1) / BATCH);
        ClusterTestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());

        Map<String, Long> expectedVersions =
                expectedVersions(log, config.online().predictionVersions(staleness));
        List<Prediction> predictions =
                read(BROKER, config.online().predictionsTopic(), Prediction.getDecoder());
        assertThat(predictions)
                .extracting(p -> p.getId().toString())
                .containsExactlyInAnyOrderElementsOf(expectedVersions.keySet());
        for (Prediction prediction : predictions) {
            assertThat(prediction.getModelVersion())
                    .as("model version of %s", prediction.getId())
                    .isEqualTo(expectedVersions.get(prediction.getId().toString()));
            float sum = 0;
            int best = 0;
            for (int c = 0; c < prediction.getProbabilities().size(); c++) {
                sum += prediction.getProbabilities().get(c);
                if (prediction.getProbabilities().get(c)
                        > prediction.getProbabilities().get(best)) {
                    best = c;
                }
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(prediction.getPredictedClass()).isEqualTo(best);
        }

        List<DeadLetter> deadLetters =
                read(BROKER, config.online().deadLettersTopic(), DeadLetter.getDecoder());
        assertThat(deadLetters)
                .extracting(d -> d.getReason().toString())
                .anyMatch(reason -> reason.contains("not single-object"))
                .anyMatch(reason -> reason.contains("features"))
                .anyMatch(reason -> reason.contains("label"));
        assertThat(deadLetters).hasSize(broken.size());
        assertThat(labelled.size() + predictions.size() + deadLetters.size())
                .as("consumed = trained + predicted + dead-lettered")
                .isEqualTo(log.size() + broken.size());

        List<DriftEvent> drift = driftEvents(config);
        if (drifts) {
            long labelledBefore =
                    log.subList(0, DRIFT_AT).stream().filter(e -> e.getLabel() != null).count();
            assertThat(drift).as("drift detected after the change").isNotEmpty();
            assertThat(drift.get(0).getExampleOffset())
                    .as("first detection, in labelled examples (the issue asks: within 2,000)")
                    .isBetween(labelledBefore, labelledBefore + 2_000);
        }

        List<ModelSnapshot> versions =
                read(BROKER, config.online().modelsTopic(), ModelSnapshot.getDecoder());
        assertThat(versions)
                .as("the topic serves weights; the optimizer state is in the files only")
                .allSatisfy(version -> assertThat(version.getOptimizerState()).isNull());
        assertThat(versions)
                .extracting(ModelSnapshot::getEpoch)
                .containsExactlyElementsOf(
                        // every third step, and the last one (a PUBLISH minibatch when it is not a
                        // third)
                        java.util.stream.IntStream.rangeClosed(1, (int) (model.getStep() + 2) / 3)
                                .boxed()
                                .toList());
    }

    /**
     * Three partitions, read in whatever interleaving the consumer gets: in event-time order two
     * runs over the topic learn the same sequence, (timestamp, partition, offset), and end with the
     * weights of the reference trainer fed it.
     */
    @Test
    void learnsThreePartitionsInEventTimeOrderTheSameWayEveryRun(@TempDir Path out)
            throws Exception {
        String topic = "examples-three-partitions";
        BROKER.createTopic(topic, 3);
        for (String output : List.of("-predictions", "-models", "-dead-letters")) {
            BROKER.createTopic(topic + output, 1);
        }
        List<Example> log = log(false);
        long base = 1_700_000_000_000L;
        List<long[]> order = new ArrayList<>();
        ExampleCodec codec =
                new ExampleCodec(SyntheticExamples.FEATURES, SyntheticExamples.CLASSES);
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            for (int i = 0; i < log.size(); i++) {
                // Pairs share a timestamp across partitions: the tie goes to the lower partition.
                long timestamp = base + i / 2;
                int partition = i % 3;
                producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        partition,
                                        timestamp,
                                        null,
                                        codec.encode(log.get(i))))
                        .get();
                order.add(new long[] {timestamp, partition, i});
            }
        }
        order.sort(
                Comparator.<long[]>comparingLong(o -> o[0])
                        .thenComparingLong(o -> o[1])
                        .thenComparingLong(o -> o[2]));
        List<Example> labelled = new ArrayList<>();
        for (long[] o : order) {
            Example example = log.get((int) o[2]);
            if (example.getLabel() != null) {
                labelled.add(example);
            }
        }
        ReferenceTrainer.Result reference = null;
        for (int run = 0; run < 2; run++) {
            JobConfig config =
                    config(
                            out.resolve("run-" + run),
                            topic,
                            "at-least-once",
                            1,
                            0,
                            "none",
                            "online.ordering=event-time",
                            "online.group-id=" + topic + "-" + run);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TrainingEnvironment.apply(env, config);
            new OnlineJob(config).execute(env);
            if (reference == null) {
                reference = reference(config, labelled, InputScaling.IDENTITY);
            }
            ModelSnapshot model = ModelSnapshots.read(config.output().path().resolve("model.avro"));
            assertThat(model.getStep()).as("run %d", run).isEqualTo(reference.steps());
            ClusterTestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());
        }
    }

    /**
     * Every fifth example unlabelled, the rest labelled, in a seeded order; with {@code drifts},
     * the labels of the second half shifted by 3 classes (a concept drift).
     */
    /**
     * A warm start: the job starts from a batch-trained snapshot, applies that model's input
     * scaling to every example, and ends with the weights of the reference trainer started from the
     * same snapshot and fed the same log, scaled the same way. Model versions come from a timer
     * (every 20 ms of wall-clock time) instead of a step count, numbered 1, 2, ... with growing
     * steps.
     */
    @Test
    void startsFromABatchModelWithItsScalingAndPublishesModelVersionsOnATimer(@TempDir Path out)
            throws Exception {
        String topic = "examples-warm-start";
        BROKER.createTopic(topic, 1);
        for (String output : List.of("-predictions", "-models", "-dead-letters")) {
            BROKER.createTopic(topic + output, 1);
        }
        List<Example> log = log(false);
        produce(BROKER, topic, log);
        List<Example> labelled = log.stream().filter(e -> e.getLabel() != null).toList();

        JobConfig cold = config(out, topic, "at-least-once", 1, 0, "none");
        InputScaling scaling = new InputScaling(0.25f, 2f);
        ReferenceTrainer.Result batch =
                reference(cold, labelled.subList(0, 10 * BATCH), InputScaling.IDENTITY);
        Path snapshot = write(cold, batch, scaling, out.resolve("batch").resolve("model.avro"));

        JobConfig config =
                config(
                        out,
                        topic,
                        "at-least-once",
                        1,
                        0,
                        "none",
                        "initial-model=" + snapshot,
                        "online.model-every-steps=0",
                        "online.model-every-time=20 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, config);
        new OnlineJob(config).execute(env);

        ReferenceTrainer.Result warm = reference(config, labelled, scaling);
        ReferenceTrainer.Result fromSeeds = reference(cold, labelled, scaling);
        ModelSnapshot model = ModelSnapshots.read(config.output().path().resolve("model.avro"));
        assertThat(model.getInputShift()).isEqualTo(0.25f);
        assertThat(model.getInputScale()).isEqualTo(2f);
        ClusterTestJobs.assertBitIdentical(ModelSnapshots.weights(model), warm.weights());
        assertThat(NdArrays.toFloats(warm.weights().get(0).weights()))
                .as("a warm start differs from a start from the seeded weights")
                .isNotEqualTo(NdArrays.toFloats(fromSeeds.weights().get(0).weights()));

        List<ModelSnapshot> versions =
                read(BROKER, config.online().modelsTopic(), ModelSnapshot.getDecoder());
        assertThat(versions)
                .as("versions from the timer, and the last at the end")
                .hasSizeGreaterThan(1);
        assertThat(versions)
                .extracting(ModelSnapshot::getEpoch)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.rangeClosed(1, versions.size())
                                .boxed()
                                .toList());
        assertThat(versions).extracting(ModelSnapshot::getStep).isSorted().doesNotHaveDuplicates();
        assertThat(versions.get(versions.size() - 1).getStep()).isEqualTo(model.getStep());
    }

    /**
     * A snapshot of another network fails before the job starts, with one line naming both
     * networks.
     */
    @Test
    void refusesAWarmStartFromAnotherNetwork(@TempDir Path out) throws Exception {
        JobConfig other =
                config(out, "unused", "at-least-once", 1, 0, "none", "network.hidden=[32]");
        ReferenceTrainer.Result small =
                reference(other, SyntheticExamples.examples("small", BATCH), InputScaling.IDENTITY);
        Path snapshot = write(other, small, InputScaling.IDENTITY, out.resolve("small.avro"));
        JobConfig config =
                config(out, "unused", "at-least-once", 1, 0, "none", "initial-model=" + snapshot);
        assertThatThrownBy(() -> new OnlineJob(config))
                .hasMessage(
                        snapshot
                                + ": holds a 784-32-10 network, but the configured network is"
                                + " 784-128-64-10");
    }

    /** Writes {@code trained}'s weights as the model snapshot a batch run would leave. */
    private static Path write(
            JobConfig config, ReferenceTrainer.Result trained, InputScaling scaling, Path file)
            throws Exception {
        List<LayerParameters> parameters = new ArrayList<>();
        for (LayerWeights layer : trained.weights()) {
            parameters.add(
                    ModelSnapshots.parameters(
                            (int) layer.weights().rows(),
                            (int) layer.weights().columns(),
                            NdArrays.toFloats(layer.weights()),
                            NdArrays.toFloats(layer.bias())));
        }
        ModelSnapshots.write(
                ModelSnapshots.of(config.setup(), scaling, parameters, trained.steps(), 1, "batch"),
                file);
        return file;
    }

    private static int restarts(MiniCluster cluster, JobExecutionResult result) throws Exception {
        int attempts = 0;
        for (AccessExecutionVertex vertex :
                cluster.getArchivedExecutionGraph(result.getJobID())
                        .get()
                        .getAllExecutionVertices()) {
            attempts = Math.max(attempts, vertex.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return attempts;
    }

    private static JobConfig config(
            Path out,
            String topic,
            String delivery,
            int staleness,
            int failAfterStep,
            String reaction,
            String... more)
            throws Exception {
        List<String> overrides =
                new ArrayList<>(
                        List.of(
                                "network.hidden=[128,64]",
                                "optimizer.schedule=constant",
                                "optimizer.learning-rate=0.003",
                                "training.batch-size=" + BATCH,
                                "training.staleness=" + staleness,
                                "checkpointing.enabled=true",
                                "checkpointing.interval="
                                        + (failAfterStep > 0 ? "100 ms" : "300 ms"),
                                "faults.fail-after-step=" + failAfterStep,
                                "checkpointing.directory=" + out.resolve("checkpoints"),
                                "runtime.web-ui-port=0",
                                "runtime.feedback-timeout=2 min",
                                "online.bootstrap-servers=" + BROKER.bootstrapServers(),
                                "online.examples-topic=" + topic,
                                "online.predictions-topic=" + topic + "-predictions",
                                "online.models-topic=" + topic + "-models",
                                "online.dead-letters-topic=" + topic + "-dead-letters",
                                "online.group-id=" + topic,
                                "online.delivery=" + delivery,
                                "online.bounded=true",
                                "online.prediction-batch-size=16",
                                "online.model-every-steps=3",
                                "online.drift.reaction=" + reaction,
                                "online.drift.boost-steps=4",
                                "output.directory=" + out.resolve("output")));
        overrides.addAll(List.of(more));
        return new ConfigLoader().load(null, overrides);
    }

    private static List<DriftEvent> driftEvents(JobConfig config) throws Exception {
        List<DriftEvent> events = new ArrayList<>();
        java.io.File file = config.output().path().resolve(OnlineJob.DRIFT_FILE).toFile();
        if (!file.exists()) {
            return events;
        }
        try (org.apache.avro.file.DataFileReader<DriftEvent> reader =
                new org.apache.avro.file.DataFileReader<>(
                        file,
                        new org.apache.avro.specific.SpecificDatumReader<>(DriftEvent.class))) {
            reader.forEach(events::add);
        }
        return events;
    }
}
