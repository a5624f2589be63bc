package io.photonflow.jobs.online;

import io.photonflow.avro.DeadLetter;
import io.photonflow.data.InputScaling;
import io.photonflow.flink.operators.ExampleDecoder;
import io.photonflow.flink.operators.OnlineBatcher;
import io.photonflow.flink.records.EncodedExample;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.records.StreamExample;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.config.OnlineSpec;
import io.photonflow.jobs.training.MinibatchSource;
import io.photonflow.jobs.training.OperatorIds;
import io.photonflow.online.PredictionVersions;
import io.photonflow.online.PrequentialMonitor;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Minibatches from a Kafka topic of examples, in the order of the log (one partition, read by one
 * subtask) or, with {@code online.ordering=event-time}, in (timestamp, partition, offset) order
 * behind the watermark (several partitions): each record decoded and checked (a dead letter with
 * the raw bytes and the reason when it cannot be used), then batched by the {@link OnlineBatcher}.
 * The consumer reads committed records only, starts from the group's committed offsets (the
 * beginning of the topic the first time), and a bounded job stops at the end of the topic as it was
 * when the job started.
 */
public final class KafkaMinibatches implements MinibatchSource {

    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final JobConfig config;
    private final InputScaling scaling;

    /**
     * @param config the online job
     * @param scaling the map applied to every example's features: {@code online.input-scaling}, or
     *     the scaling of the model the job starts from
     */
    public KafkaMinibatches(JobConfig config, InputScaling scaling) {
        this.config = config;
        this.scaling = scaling;
    }

    @Override
    public Minibatches addTo(StreamExecutionEnvironment env) {
        OnlineSpec online = config.online();
        KafkaSourceBuilder<EncodedExample> builder =
                KafkaSource.<EncodedExample>builder()
                        .setBootstrapServers(online.bootstrapServers())
                        .setTopics(online.examplesTopic())
                        .setGroupId(online.groupId())
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new KafkaExamples())
                        .setProperty("isolation.level", "read_committed");
        if (online.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        SingleOutputStreamOperator<StreamExample> examples =
                env.fromSource(builder.build(), watermarks(online), "examples")
                        .uid(OperatorIds.EXAMPLES)
                        .setParallelism(1)
                        .process(
                                new ExampleDecoder(
                                        config.network().input(),
                                        config.network().classes(),
                                        scaling,
                                        DEAD_LETTERS))
                        .returns(TypeInformation.of(StreamExample.class))
                        .name(OperatorIds.DECODE)
                        .uid(OperatorIds.DECODE)
                        .setParallelism(1);
        SingleOutputStreamOperator<ForwardBatch> batches =
                examples.keyBy(example -> 0, TypeInformation.of(Integer.class))
                        .process(
                                new OnlineBatcher(
                                        config.network().input(),
                                        config.training().batchSize(),
                                        predictionVersions(),
                                        online.predictionBatchSize(),
                                        online.predictionMaxWaitDuration().toMillis(),
                                        online.modelEverySteps(),
                                        online.modelEveryTimeDuration().toMillis(),
                                        online.ordering() == OnlineSpec.Ordering.EVENT_TIME))
                        .returns(TypeInformation.of(ForwardBatch.class))
                        .name(OperatorIds.MINIBATCHES)
                        .uid(OperatorIds.MINIBATCHES)
                        .setParallelism(1);
        return new Minibatches(batches, examples.getSideOutput(DEAD_LETTERS));
    }

    /**
     * Event-time order: the Kafka records' timestamps, never decreasing within a partition, with a
     * watermark per partition (the source's splits) and the least of them downstream.
     */
    private static WatermarkStrategy<EncodedExample> watermarks(OnlineSpec online) {
        return online.ordering() == OnlineSpec.Ordering.EVENT_TIME
                ? WatermarkStrategy.<EncodedExample>forMonotonousTimestamps()
                        .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTime())
                : WatermarkStrategy.noWatermarks();
    }

    @Override
    public PredictionVersions predictionVersions() {
        return config.online().predictionVersions(config.training().staleness());
    }

    /** The length of a stream is unknown: the learning rate must not follow a schedule of it. */
    @Override
    public long totalSteps() {
        return 0;
    }

    @Override
    public long stepsPerEpoch() {
        return 0;
    }

    @Override
    public InputScaling scaling() {
        return scaling;
    }

    @Override
    public PrequentialMonitor.Settings monitoring() {
        return config.online().monitoring();
    }
}
