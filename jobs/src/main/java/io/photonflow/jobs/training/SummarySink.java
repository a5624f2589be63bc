package io.photonflow.jobs.training;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.flink.failures.FailFast;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes the run's {@link JobSummary} into the output folder when the metrics stream ends, in
 * whichever process runs it (on a cluster: some TaskManager). Its tally is checkpointed, so that a
 * run restarted from a checkpoint, or resumed from a savepoint, still summarizes the whole run. A
 * job stopped with a savepoint writes no summary: its input did not end.
 */
public final class SummarySink
        implements Sink<TrainingMetrics>, SupportsWriterState<TrainingMetrics, SummaryTally> {

    private static final long serialVersionUID = 1L;

    private final String output;
    private final String placement;
    private final int blasThreads;
    private final long rejected;

    /**
     * @param output the output folder
     * @param placement runtime.placement of the run, for the summary
     * @param blasThreads runtime.blas-threads, which every operator of the run pins
     * @param rejected examples the data loader rejected, which the run writes as dead letters
     */
    public SummarySink(Path output, String placement, int blasThreads, long rejected) {
        this.output = output.toString();
        this.placement = placement;
        this.blasThreads = blasThreads;
        this.rejected = rejected;
    }

    @Override
    public StatefulSinkWriter<TrainingMetrics, SummaryTally> createWriter(
            WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<TrainingMetrics, SummaryTally> restoreWriter(
            WriterInitContext context, Collection<SummaryTally> recovered) {
        String jobId = context.getJobInfo().getJobId().toString();
        long now = System.currentTimeMillis();
        SummaryTally tally =
                recovered.isEmpty()
                        ? SummaryTally.start(jobId, now)
                        : recovered.iterator().next().continuedIn(jobId, now);
        return new Writer(tally, context.getTaskInfo().getAttemptNumber());
    }

    @Override
    public SimpleVersionedSerializer<SummaryTally> getWriterStateSerializer() {
        return new SummaryTally.Serializer();
    }

    private final class Writer implements StatefulSinkWriter<TrainingMetrics, SummaryTally> {

        private final SummaryTally tally;
        private final int attempt;

        Writer(SummaryTally tally, int attempt) {
            this.tally = tally;
            this.attempt = attempt;
        }

        @Override
        public void write(TrainingMetrics metrics, Context context) {
            MetricsSplit split = metrics.getSplit();
            if (split == MetricsSplit.TRAIN) {
                tally.trainingExamples += metrics.getExamples();
                tally.throughput = tally.throughput.after(metrics);
            } else if (split == MetricsSplit.TEST || split == MetricsSplit.VALIDATION) {
                // Records may be reused by the input once this returns.
                tally.evaluations.add(TrainingMetrics.newBuilder(metrics).build());
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            List<TrainingMetrics> test = new ArrayList<>();
            List<TrainingMetrics> validation = new ArrayList<>();
            for (TrainingMetrics metrics : tally.evaluations) {
                (metrics.getSplit() == MetricsSplit.TEST ? test : validation).add(metrics);
            }
            Path folder = Path.of(output);
            double seconds = tally.elapsedMillis(System.currentTimeMillis()) / 1e3;
            RunSummary run =
                    new RunSummary(
                            folder,
                            test,
                            validation,
                            tally.trainingExamples,
                            seconds,
                            tally.throughput,
                            rejected);
            try {
                JobSummary.of(
                                run,
                                tally.previousJobsRestarts + attempt,
                                blasThreads,
                                placement,
                                folder.resolve(ModelSnapshotSink.LATEST))
                        .write(folder);
            } catch (IOException e) {
                FailFast.ifPermanent(e);
                throw e;
            }
        }

        @Override
        public List<SummaryTally> snapshotState(long checkpointId) {
            tally.snapshotMillis = System.currentTimeMillis();
            tally.restartsAtSnapshot = tally.previousJobsRestarts + attempt;
            return List.of(tally);
        }

        @Override
        public void close() {}
    }
}
