package io.photonflow.jobs.training;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints training progress to standard output: a line every {@code every} training steps and a line
 * per test-set evaluation; for a stream (no total), a line of rolling prequential figures every
 * {@code every} steps. In a local run that is the user's console; when it is a terminal, the
 * training steps of a run with a total show as a progress bar per epoch instead ({@link
 * EpochProgressBar}), and the lines stay for logs, pipes and files.
 */
public final class ProgressSink implements Sink<TrainingMetrics> {

    private static final long serialVersionUID = 1L;

    private final int every;
    private final long totalSteps;
    private final int epochs;

    /**
     * @param every print every this many training steps
     * @param totalSteps training steps in the run
     * @param epochs epochs in the run
     */
    public ProgressSink(int every, long totalSteps, int epochs) {
        this.every = every;
        this.totalSteps = totalSteps;
        this.epochs = epochs;
    }

    /**
     * Whether to print the evaluations after the epoch ending at {@code step}: when a progress line
     * fell into that epoch, or it is the last, so that runs of many short epochs (full-batch
     * graphs) print no more evaluation lines than progress lines.
     */
    private boolean reportsEpoch(long step) {
        long stepsPerEpoch = Math.max(1, totalSteps / epochs);
        return step == totalSteps || step / every > (step - stepsPerEpoch) / every;
    }

    @Override
    public SinkWriter<TrainingMetrics> createWriter(WriterInitContext context) {
        PrintStream console = System.out;
        EpochProgressBar bar =
                totalSteps > 0 && System.console() != null
                        ? new EpochProgressBar(console, 0, totalSteps, epochs)
                        : null;
        return new SinkWriter<>() {
            @Override
            public void write(TrainingMetrics metrics, Context context) {
                MetricsSplit split = metrics.getSplit();
                if (split == MetricsSplit.TEST || split == MetricsSplit.VALIDATION) {
                    if (reportsEpoch(metrics.getStep()) || (bar != null && bar.perEpoch())) {
                        String name = split == MetricsSplit.TEST ? "test" : "validation";
                        String line =
                                String.format(
                                        "epoch %d/%d  %s loss %.4f  %s accuracy %.2f%%",
                                        metrics.getEpoch(),
                                        epochs,
                                        name,
                                        metrics.getLoss(),
                                        name,
                                        100 * metrics.getAccuracy());
                        if (bar != null) {
                            bar.line(line);
                        } else {
                            console.println(line);
                        }
                    }
                } else if (split == MetricsSplit.ROLLING_COUNT) {
                    if (metrics.getStep() % every == 0) {
                        console.printf(
                                "step %d  prequential loss %.4f  accuracy %.2f%% over the last %d"
                                        + " examples%n",
                                metrics.getStep(),
                                metrics.getLoss(),
                                100 * metrics.getAccuracy(),
                                metrics.getExamples());
                    }
                } else if (split != MetricsSplit.TRAIN || totalSteps == 0) {
                    // A stream's steps are reported by their rolling figures, above.
                    return;
                } else if (bar != null) {
                    bar.step(metrics);
                } else if (metrics.getStep() % every == 0 || metrics.getStep() == totalSteps) {
                    console.printf(
                            "epoch %d/%d  step %d/%d (%.0f%%)  loss %.4f  accuracy %.2f%%  %.0f samples/s%n",
                            metrics.getEpoch(),
                            epochs,
                            metrics.getStep(),
                            totalSteps,
                            100.0 * metrics.getStep() / totalSteps,
                            metrics.getLoss(),
                            100 * metrics.getAccuracy(),
                            metrics.getSamplesPerSecond());
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                console.flush();
            }

            @Override
            public void close() {
                if (bar != null) {
                    bar.close();
                }
            }
        };
    }
}
