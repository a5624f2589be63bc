package io.photonflow.jobs.online;

import io.photonflow.avro.Example;
import io.photonflow.data.ExampleCodec;
import io.photonflow.data.Examples;
import io.photonflow.data.InputScaling;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.kafka.KafkaBroker;
import io.photonflow.jobs.training.SyntheticExamples;
import io.photonflow.math.LayerFactory;
import io.photonflow.model.TrainingSetup;
import io.photonflow.model.TrainingSpec;
import io.photonflow.online.PredictionVersions;
import io.photonflow.training.ReferenceTrainer;
import io.photonflow.training.StreamFeed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The synthetic log of examples the online tests run on (every fifth unlabelled, optionally with
 * its labels permuted after {@link #DRIFT_AT}), how it goes onto a topic with three broken records
 * among it, and what the job must make of it: the reference trainer fed the same labelled sequence,
 * and the model version each prediction must carry.
 */
public final class OnlineLog {

    public static final int EXAMPLES = 2_000;

    /** Labelled examples per training step of the tests' jobs. */
    public static final int BATCH = 50;

    /** A drifting log is longer, so that the model has learned well before the drift. */
    public static final int DRIFTING_EXAMPLES = 5_000;

    public static final int DRIFT_AT = 3_000;

    private OnlineLog() {}

    /** The log: {@link #EXAMPLES} examples, or {@link #DRIFTING_EXAMPLES} with a drift. */
    public static List<Example> log(boolean drifts) {
        return log(drifts ? DRIFTING_EXAMPLES : EXAMPLES, drifts);
    }

    /** A log of {@code size} examples without a drift, for longer runs. */
    public static List<Example> log(int size) {
        return log(size, false);
    }

    private static List<Example> log(int size, boolean drifts) {
        List<Example> log = new ArrayList<>();
        List<Example> examples = SyntheticExamples.examples("stream", size);
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            if (drifts && i >= DRIFT_AT) {
                example =
                        Examples.toExample(
                                example.getId().toString(),
                                Examples.features(example),
                                (example.getLabel() + 3) % SyntheticExamples.CLASSES);
            }
            log.add(
                    i % 5 == 4
                            ? Examples.unlabelled(
                                    example.getId().toString(), Examples.features(example))
                            : example);
        }
        return log;
    }

    /** Writes the log and, among it, three broken records; returns the broken ones. */
    public static List<byte[]> produce(KafkaBroker broker, String topic, List<Example> log)
            throws Exception {
        ExampleCodec codec =
                new ExampleCodec(SyntheticExamples.FEATURES, SyntheticExamples.CLASSES);
        List<byte[]> broken =
                List.of(
                        "not avro at all".getBytes(),
                        codec.encode(Examples.toExample("short", new float[3], 1)),
                        codec.encode(
                                Examples.toExample(
                                        "label", new float[SyntheticExamples.FEATURES], 42)));
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < log.size(); i++) {
                if (i % 700 == 100 && i / 700 < broken.size()) {
                    producer.send(new ProducerRecord<>(topic, broken.get(i / 700))).get();
                }
                producer.send(new ProducerRecord<>(topic, codec.encode(log.get(i)))).get();
            }
        }
        return broken;
    }

    /** The labelled examples of {@code log}, in order: what the job trains on. */
    public static List<Example> labelled(List<Example> log) {
        return log.stream().filter(e -> e.getLabel() != null).toList();
    }

    /**
     * The reference trainer from {@code config}'s initial weights, on {@code labelled} scaled by
     * {@code scaling}, in steps of {@link #BATCH}.
     */
    public static ReferenceTrainer.Result reference(
            JobConfig config, List<Example> labelled, InputScaling scaling) {
        List<float[]> features = new ArrayList<>();
        for (Example example : labelled) {
            float[] scaled = Examples.features(example);
            scaling.applyInPlace(scaled);
            features.add(scaled);
        }
        int[] labels = labelled.stream().mapToInt(Example::getLabel).toArray();
        return new ReferenceTrainer(
                        withOneEpoch(config), LayerFactory.dense(), 0, config.online().monitoring())
                .startingFrom(config.startingPoint())
                .train(new StreamFeed(features, labels, SyntheticExamples.FEATURES, BATCH));
    }

    /**
     * Each unlabelled id, with the weight version {@code versions} gives for the training steps
     * before it.
     */
    public static Map<String, Long> expectedVersions(
            List<Example> log, PredictionVersions versions) {
        Map<String, Long> expected = new HashMap<>();
        long labelled = 0;
        for (Example example : log) {
            if (example.getLabel() != null) {
                labelled++;
            } else {
                expected.put(example.getId().toString(), versions.after(labelled / BATCH));
            }
        }
        return expected;
    }

    /** Every committed record of {@code topic}, decoded. */
    public static <T> List<T> read(
            KafkaBroker broker, String topic, BinaryMessageDecoder<T> decoder) throws Exception {
        List<T> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : broker.readAll(topic)) {
            records.add(decoder.decode(record.value()));
        }
        return records;
    }

    private static TrainingSetup withOneEpoch(JobConfig config) {
        TrainingSetup setup = config.setup();
        TrainingSpec training = setup.training();
        return new TrainingSetup(
                setup.network(),
                setup.algorithm(),
                setup.projection(),
                setup.optimizer(),
                new TrainingSpec(
                        training.batchSize(), 1, training.staleness(), training.evalBatchSize()),
                setup.seeds());
    }
}
