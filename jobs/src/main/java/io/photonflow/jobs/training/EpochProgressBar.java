package io.photonflow.jobs.training;

import io.photonflow.avro.TrainingMetrics;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress as a terminal shows it: a bar per epoch (me.tongfei:progressbar) with the steps
 * done, their rate, the elapsed and the remaining time, and the latest loss and accuracy;
 * evaluations as lines between the bars. Runs of one step per epoch (full-batch graphs) get one bar
 * for the whole run instead of a bar per step.
 */
final class EpochProgressBar implements AutoCloseable {

    private final PrintStream out;
    private final int width;
    private final long totalSteps;
    private final int epochs;
    private final boolean perEpoch;
    private final long barSteps;

    private ProgressBar bar;
    private FinalRenderLast console;
    private long barIndex = -1;

    /**
     * @param out the terminal
     * @param width the width of a bar's line; 0 for the terminal's
     * @param totalSteps training steps in the run
     * @param epochs epochs in the run
     */
    EpochProgressBar(PrintStream out, int width, long totalSteps, int epochs) {
        this.out = out;
        this.width = width;
        this.totalSteps = totalSteps;
        this.epochs = epochs;
        long stepsPerEpoch = Math.max(1, totalSteps / epochs);
        this.perEpoch = stepsPerEpoch > 1;
        this.barSteps = perEpoch ? stepsPerEpoch : totalSteps;
    }

    /** Moves the bar to the training step {@code metrics}, opening the next bar at a new epoch. */
    void step(TrainingMetrics metrics) {
        long index = (metrics.getStep() - 1) / barSteps;
        if (bar == null || index != barIndex) {
            closeBar();
            bar = open(metrics.getEpoch());
            barIndex = index;
        }
        bar.stepTo(Math.min(barSteps, metrics.getStep() - index * barSteps));
        bar.setExtraMessage(
                String.format(
                        Locale.ROOT,
                        " loss %.4f  accuracy %.2f%%",
                        metrics.getLoss(),
                        100 * metrics.getAccuracy()));
        if (metrics.getStep() % barSteps == 0) {
            closeBar();
        }
    }

    /** Whether there is a bar per epoch, so that each epoch's evaluations belong under its bar. */
    boolean perEpoch() {
        return perEpoch;
    }

    /** Prints {@code line} on a line of its own, above a bar still running. */
    void line(String line) {
        if (bar != null) {
            // \r and "erase line" take the bar's partial line; the bar redraws below at its next
            // tick.
            out.print("\r\033[K");
        }
        out.println(line);
        out.flush();
    }

    @Override
    public void close() {
        closeBar();
    }

    private ProgressBar open(int epoch) {
        String name = perEpoch ? String.format("epoch %d/%d", epoch, epochs) : "training";
        console =
                new FinalRenderLast(
                        width > 0
                                ? new ConsoleProgressBarConsumer(out, width)
                                : new ConsoleProgressBarConsumer(out));
        return new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(barSteps)
                .setUnit(" steps", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .setConsumer(console)
                .build();
    }

    /**
     * Ends a bar's line exactly once, when the bar is closed, and drops renders that arrive after.
     * ProgressBar.close() cancels its periodic refresh without waiting for one already running, and
     * its final refresh, which ends the line, runs on the library's own thread and may not (seen in
     * tests): the next line was then glued to the bar.
     */
    private static final class FinalRenderLast implements ProgressBarConsumer {

        private final ProgressBarConsumer console;
        private boolean closed;

        FinalRenderLast(ProgressBarConsumer console) {
            this.console = console;
        }

        @Override
        public int getMaxRenderedLength() {
            return console.getMaxRenderedLength();
        }

        @Override
        public synchronized void accept(String rendered) {
            if (!closed) {
                console.accept(rendered);
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                console.close();
            }
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            console.close();
            bar = null;
        }
    }
}
