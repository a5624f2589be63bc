package io.photonflow.flink.operators;

import io.photonflow.avro.DeadLetter;
import io.photonflow.data.BatchPlan;
import io.photonflow.data.Dataset;
import io.photonflow.data.TrainingData;
import io.photonflow.flink.failures.FailFast;
import io.photonflow.flink.records.ForwardBatch;
import io.photonflow.flink.types.FloatMatrix;
import io.photonflow.model.Phase;
import io.photonflow.model.Schedule;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns the positions of a {@link Schedule} into minibatches: shuffled training minibatches (a
 * seeded permutation per epoch) and, after each epoch, the test set in order. It loads the data
 * when it opens; examples the loader rejected leave through the dead-letter output, once, with the
 * first item. Run with parallelism 1, behind a source that counts through the schedule.
 */
public final class MinibatchAssembler extends ProcessFunction<Long, ForwardBatch> {

    private static final long serialVersionUID = 1L;

    private final TrainingData.Loader loader;
    private final Schedule schedule;
    private final int batchSize;
    private final int evalBatchSize;
    private final long dataSeed;
    private final long firstIndex;
    private final OutputTag<DeadLetter> deadLetterTag;

    private transient TrainingData data;
    private transient BatchPlan plan;
    private transient Counter deadLetters;

    /**
     * @param loader loads the training and test sets, with the examples it rejected
     * @param schedule the run, as computed from the same data when the job was built
     * @param batchSize training minibatch size
     * @param evalBatchSize test minibatch size
     * @param dataSeed seed of the example order
     * @param firstIndex the schedule's first item this run emits (past the epochs of a run it
     *     resumes), where the examples the data set rejected are reported
     * @param deadLetterTag side output for rejected examples
     */
    public MinibatchAssembler(
            TrainingData.Loader loader,
            Schedule schedule,
            int batchSize,
            int evalBatchSize,
            long dataSeed,
            long firstIndex,
            OutputTag<DeadLetter> deadLetterTag) {
        this.loader = loader;
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.evalBatchSize = evalBatchSize;
        this.dataSeed = dataSeed;
        this.firstIndex = firstIndex;
        this.deadLetterTag = deadLetterTag;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        try {
            data = loader.load();
        } catch (IOException e) {
            FailFast.ifPermanent(e);
            throw e;
        }
        Schedule loaded = data.schedule(batchSize, evalBatchSize, schedule.epochs());
        if (!loaded.equals(schedule)) {
            throw new IllegalStateException(
                    "the training data changed since the job was built: expected "
                            + schedule
                            + ", the data now gives "
                            + loaded);
        }
        plan = new BatchPlan(data.train().size(), batchSize, dataSeed);
        deadLetters =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(Metrics.GROUP)
                        .counter(Metrics.DEAD_LETTERS);
    }

    @Override
    public void processElement(Long index, Context context, Collector<ForwardBatch> out) {
        if (index == firstIndex) {
            List<DeadLetter> rejected = data.rejected();
            rejected.forEach(letter -> context.output(deadLetterTag, letter));
            deadLetters.inc(rejected.size());
        }
        Schedule.Item item = schedule.item(index);
        if (item.phase() == Phase.TRAIN) {
            out.collect(batch(item, plan.batch(item.epoch(), item.index()), data.train()));
        } else {
            Dataset evaluated = item.phase() == Phase.VALIDATION ? data.validation() : data.test();
            int start = item.index() * evalBatchSize;
            int[] rows =
                    IntStream.range(start, Math.min(evaluated.size(), start + evalBatchSize))
                            .toArray();
            out.collect(batch(item, rows, evaluated));
        }
    }

    private ForwardBatch batch(Schedule.Item item, int[] rows, Dataset dataset) {
        boolean evaluation = item.phase() != Phase.TRAIN;
        return new ForwardBatch(
                item.phase(),
                item.step(),
                item.epoch() + 1,
                item.lastOfEpoch(),
                evaluation ? item.index() : 0,
                evaluation ? schedule.batches(item.phase()) : 0,
                new FloatMatrix(rows.length, dataset.featureCount(), dataset.rows(rows)),
                dataset.labels(rows));
    }
}
