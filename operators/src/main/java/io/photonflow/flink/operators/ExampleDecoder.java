package io.photonflow.flink.operators;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.data.ExampleCodec;
import io.photonflow.data.Examples;
import io.photonflow.data.InputScaling;
import io.photonflow.flink.records.EncodedExample;
import io.photonflow.flink.records.StreamExample;
import io.photonflow.math.SoftmaxCrossEntropy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes the examples of a stream ({@link ExampleCodec}: Avro single-object encoding, any schema
 * version the project has shipped) and checks them against the network; what cannot be used leaves
 * through the dead-letter output with its raw bytes and the reason, counted, so that every record
 * read is accounted for: consumed = trained + predicted + dead-lettered.
 */
public final class ExampleDecoder extends ProcessFunction<EncodedExample, StreamExample> {

    private static final long serialVersionUID = 1L;

    private final ExampleCodec codec;
    private final InputScaling scaling;
    private final OutputTag<DeadLetter> deadLetterTag;

    private transient Counter consumed;
    private transient Counter deadLetters;

    /**
     * @param featureCount the network's input width
     * @param classes the network's number of classes
     * @param scaling the map applied to every accepted example's features
     * @param deadLetterTag side output for records that cannot be used
     */
    public ExampleDecoder(
            int featureCount,
            int classes,
            InputScaling scaling,
            OutputTag<DeadLetter> deadLetterTag) {
        this.codec = new ExampleCodec(featureCount, classes);
        this.scaling = scaling;
        this.deadLetterTag = deadLetterTag;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        consumed = group.counter(Metrics.EXAMPLES_CONSUMED);
        deadLetters = group.counter(Metrics.DEAD_LETTERS);
    }

    @Override
    public void processElement(
            EncodedExample record, Context context, Collector<StreamExample> out) {
        consumed.inc();
        ExampleCodec.Decoded decoded = codec.decode(record.bytes(), record.source());
        if (decoded instanceof ExampleCodec.Accepted accepted) {
            out.collect(example(accepted.example(), record, scaling));
        } else if (decoded instanceof ExampleCodec.Rejected rejected) {
            deadLetters.inc();
            context.output(deadLetterTag, rejected.deadLetter());
        }
    }

    private static StreamExample example(
            Example example, EncodedExample record, InputScaling scaling) {
        float[] features = Examples.features(example);
        scaling.applyInPlace(features);
        Integer label = example.getLabel();
        return new StreamExample(
                example.getId().toString(),
                features,
                label == null ? SoftmaxCrossEntropy.UNLABELLED : label,
                record.eventTime(),
                record.partition(),
                record.offset());
    }
}
