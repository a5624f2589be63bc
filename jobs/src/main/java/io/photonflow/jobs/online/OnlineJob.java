package io.photonflow.jobs.online;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.DriftEvent;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.Prediction;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.data.InputScaling;
import io.photonflow.flink.sinks.AvroFileSink;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.config.OnlineSpec;
import io.photonflow.jobs.training.OperatorIds;
import io.photonflow.jobs.training.ProgressSink;
import io.photonflow.jobs.training.TrainingDataflow;
import io.photonflow.jobs.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * An online-learning job: the training dataflow fed by a Kafka topic of examples ({@link
 * KafkaMinibatches}), its predictions, model versions and dead letters written to topics (and the
 * model versions, metrics and dead letters to files in the output folder as well).
 */
public final class OnlineJob {

    /**
     * Producers' transactions may stay open this long: a checkpoint interval and then some, and
     * within what a broker allows by default (15 minutes), which the sink's own default (1 hour)
     * exceeds.
     */
    private static final String TRANSACTION_TIMEOUT_MILLIS = "900000";

    /** Drift detections of the prequential monitor, in order. */
    public static final String DRIFT_FILE = "drift.avro";

    /**
     * A model version of the default network is about 7.5 MB, over the 1 MB producers and brokers
     * allow by default; the brokers (or the models topic's max.message.bytes) must allow it too, as
     * docker/kafka/kafka.sh's do.
     */
    private static final String MAX_RECORD_BYTES = Integer.toString(64 << 20);

    private final JobConfig config;
    private final InputScaling scaling;

    /**
     * Checks {@code config} for online learning, and the model it starts from (initial-model)
     * against its network.
     */
    public OnlineJob(JobConfig config) throws IOException {
        if (config.data().isGraph()) {
            throw new IllegalArgumentException(
                    "online learning trains dense networks on examples; data.graph is for batch"
                            + " training");
        }
        if (config.optimizer().schedule() != io.photonflow.math.OptimizerSpec.Schedule.CONSTANT) {
            throw new IllegalArgumentException(
                    "online learning needs optimizer.schedule=constant: a stream has no length to"
                            + " schedule the learning rate over");
        }
        if (config.setup().sharding().splits(config.network().layers().size())) {
            throw new IllegalArgumentException(
                    "runtime.shards: online learning runs whole layers so far; leave"
                            + " runtime.shards at 1");
        }
        this.scaling = scaling(config);
        if (config.startingPoint().step() > 0) {
            throw new IllegalArgumentException(
                    "initial-model "
                            + config.initialModel()
                            + " holds the training state of a batch run of this very"
                            + " configuration, which train --from resumes; the online job starts"
                            + " from a model's weights only, and needs settings of its own");
        }
        this.config = config;
    }

    /**
     * The model's own scaling on a warm start, since its weights expect it; otherwise {@code
     * online.input-scaling}.
     */
    private static InputScaling scaling(JobConfig config) throws IOException {
        InputScaling configured = config.online().inputScaling();
        InputScaling model = TrainingJob.initialScaling(config);
        if (model == null) {
            return configured;
        }
        if (!configured.equals(InputScaling.IDENTITY) && !configured.equals(model)) {
            throw new IllegalArgumentException(
                    "online.input-scaling (shift "
                            + configured.shift()
                            + ", scale "
                            + configured.scale()
                            + ") differs from the scaling of initial-model "
                            + config.initialModel()
                            + " (shift "
                            + model.shift()
                            + ", scale "
                            + model.scale()
                            + "); leave online.input-scaling out on a warm start");
        }
        return model;
    }

    /** Adds the dataflow and its sinks to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        TrainingDataflow.Outputs outputs =
                TrainingDataflow.build(env, config, new KafkaMinibatches(config, scaling));
        OnlineSpec online = config.online();
        Path out = config.output().path();
        outputs.metrics()
                .sinkTo(
                        new AvroFileSink<>(
                                out.resolve(TrainingJob.METRICS_FILE), TrainingMetrics.class))
                .name(OperatorIds.METRICS_SINK)
                .uid(OperatorIds.METRICS_SINK)
                .setParallelism(1);
        outputs.metrics()
                .sinkTo(new ProgressSink(config.runtime().progressEvery(), 0, 1))
                .name(OperatorIds.PROGRESS_SINK)
                .uid(OperatorIds.PROGRESS_SINK)
                .setParallelism(1);
        // Kafka timestamps: a prediction's is its example's event time, a model version's the
        // time it was written (the stream time at a bounded stream's end is Long.MAX_VALUE,
        // which brokers refuse); a dead letter keeps its record's.
        topic(
                stamped(
                        outputs.predictions(),
                        (prediction, ignored) -> prediction.getEventTimeMillis()),
                online.predictionsTopic(),
                Prediction.class,
                p -> p.getId().toString(),
                OperatorIds.PREDICTION_TOPIC_SINK);
        outputs.drift()
                .sinkTo(new AvroFileSink<>(out.resolve(DRIFT_FILE), DriftEvent.class))
                .name(OperatorIds.DRIFT_SINK)
                .uid(OperatorIds.DRIFT_SINK)
                .setParallelism(1);
        outputs.deadLetters()
                .sinkTo(
                        new AvroFileSink<>(
                                out.resolve(TrainingJob.DEAD_LETTERS_FILE), DeadLetter.class))
                .name(OperatorIds.DEAD_LETTER_SINK)
                .uid(OperatorIds.DEAD_LETTER_SINK)
                .setParallelism(1);
        topic(
                outputs.deadLetters(),
                online.deadLettersTopic(),
                DeadLetter.class,
                d -> d.getSource().toString(),
                OperatorIds.DEAD_LETTER_TOPIC_SINK);
        outputs.models()
                .sinkTo(new ModelSnapshotSink(out))
                .name(OperatorIds.MODEL_SNAPSHOT_SINK)
                .uid(OperatorIds.MODEL_SNAPSHOT_SINK)
                .setParallelism(1);
        DataStream<ModelSnapshot> served =
                outputs.models()
                        .map(OnlineJob::withoutOptimizerState)
                        .returns(ModelSnapshot.class)
                        .name(OperatorIds.MODEL_TOPIC_WEIGHTS)
                        .uid(OperatorIds.MODEL_TOPIC_WEIGHTS)
                        .setParallelism(1);
        topic(
                stamped(served, (model, ignored) -> System.currentTimeMillis()),
                online.modelsTopic(),
                ModelSnapshot.class,
                m -> Long.toString(m.getEpoch()),
                OperatorIds.MODEL_TOPIC_SINK);
    }

    /**
     * A model version as the models topic serves it: weights and what they mean, without the
     * optimizer's moments, which only resuming from a file needs and which are two thirds of a
     * snapshot (15 of the default network's 22 MB, encoded and sent at every version while the job
     * trains). Shallow: the version's arrays are shared, not copied.
     */
    static ModelSnapshot withoutOptimizerState(ModelSnapshot model) {
        ModelSnapshot served = new ModelSnapshot();
        for (int field = 0; field < ModelSnapshot.getClassSchema().getFields().size(); field++) {
            served.put(field, model.get(field));
        }
        served.setOptimizerState(null);
        return served;
    }

    /** Builds the job on {@code env} and runs it (until a bounded topic is read to its end). */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        addTo(env);
        return env.execute(config.name());
    }

    private static <T> DataStream<T> stamped(
            DataStream<T> records, SerializableTimestampAssigner<T> timestamps) {
        return records.assignTimestampsAndWatermarks(
                WatermarkStrategy.<T>noWatermarks().withTimestampAssigner(timestamps));
    }

    private <T extends SpecificRecordBase> void topic(
            DataStream<T> records,
            String topic,
            Class<T> type,
            AvroRecords.Key<T> key,
            String uid) {
        OnlineSpec online = config.online();
        boolean exactlyOnce = online.delivery() == OnlineSpec.Delivery.EXACTLY_ONCE;
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MILLIS);
        producer.setProperty("max.request.size", MAX_RECORD_BYTES);
        if (!exactlyOnce) {
            // Records are visible once sent: wait at most 2 ms for company (5 ms by default),
            // enough to spare the broker a request per prediction.
            producer.setProperty("linger.ms", "2");
        }
        KafkaSink<T> sink =
                KafkaSink.<T>builder()
                        .setBootstrapServers(online.bootstrapServers())
                        .setRecordSerializer(AvroRecords.to(topic, type, key))
                        .setDeliveryGuarantee(
                                exactlyOnce
                                        ? DeliveryGuarantee.EXACTLY_ONCE
                                        : DeliveryGuarantee.AT_LEAST_ONCE)
                        .setTransactionalIdPrefix(online.groupId() + "-" + uid)
                        .setKafkaProducerConfig(producer)
                        .build();
        records.sinkTo(sink).name(uid).uid(uid).setParallelism(1);
    }
}
