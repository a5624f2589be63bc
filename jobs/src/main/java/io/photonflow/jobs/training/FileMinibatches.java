package io.photonflow.jobs.training;

import io.photonflow.avro.DeadLetter;
import io.photonflow.data.InputScaling;
import io.photonflow.flink.operators.GraphBatchAssembler;
import io.photonflow.flink.operators.MinibatchAssembler;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.model.TrainingSpec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;

/**
 * Minibatches replayed from files, as planned: a counter through the run's schedule, and an
 * assembler that turns each position into a shuffled training minibatch, an evaluation minibatch
 * or, for a graph, a full batch of its nodes.
 */
public final class FileMinibatches implements MinibatchSource {

    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final RunPlan plan;
    private final TrainingSpec training;
    private final long dataSeed;
    private final int firstEpoch;

    /**
     * @param plan the files and the schedule computed from them
     * @param training batch sizes
     * @param dataSeed seed of the example order
     * @param firstEpoch epochs already done (a resumed run), which the replay skips
     */
    public FileMinibatches(RunPlan plan, TrainingSpec training, long dataSeed, int firstEpoch) {
        this.plan = plan;
        this.training = training;
        this.dataSeed = dataSeed;
        this.firstEpoch = firstEpoch;
    }

    @Override
    public Minibatches addTo(StreamExecutionEnvironment env) {
        ProcessFunction<Long, ForwardBatch> assembler =
                plan.graph() != null
                        ? new GraphBatchAssembler(plan.graph(), plan.schedule())
                        : new MinibatchAssembler(
                                plan.loader(),
                                plan.schedule(),
                                training.batchSize(),
                                training.evalBatchSize(),
                                dataSeed,
                                plan.schedule().firstItem(firstEpoch),
                                DEAD_LETTERS);
        SingleOutputStreamOperator<ForwardBatch> batches =
                env.fromSequence(
                                plan.schedule().firstItem(firstEpoch), plan.schedule().length() - 1)
                        .name(OperatorIds.SCHEDULE)
                        .uid(OperatorIds.SCHEDULE)
                        .setParallelism(1)
                        .process(assembler)
                        .returns(TypeInformation.of(ForwardBatch.class))
                        .name(OperatorIds.MINIBATCHES)
                        .uid(OperatorIds.MINIBATCHES)
                        .setParallelism(1);
        return new Minibatches(batches, batches.getSideOutput(DEAD_LETTERS));
    }

    @Override
    public long totalSteps() {
        return plan.schedule().totalSteps();
    }

    @Override
    public long stepsPerEpoch() {
        return plan.schedule().stepsPerEpoch();
    }

    @Override
    public InputScaling scaling() {
        return plan.scaling();
    }
}
