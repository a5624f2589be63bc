package io.photonflow.jobs.cli;

import io.photonflow.jobs.report.ChartFiles;
import io.photonflow.jobs.report.RunViews;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code photonflow plot RUN_DIR}: the plots and the HTML report of a run, from its files. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description =
                "Draw the plots of a run (PNG and SVG, into RUN_DIR/plots/) and write its report"
                        + " (RUN_DIR/report.html) from the files the run wrote.")
final class PlotCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "RUN_DIR",
            arity = "0..1",
            defaultValue = "runs/latest",
            description =
                    "A run's output folder, its output.directory (default: ${DEFAULT-VALUE}, where"
                            + " train writes by default).")
    Path directory;

    @Override
    public Integer call() {
        try {
            print(RunViews.write(directory, Double.NaN), System.out);
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    /** One line per plot, then the report's. */
    static void print(RunViews.Written written, PrintStream out) {
        for (ChartFiles.Plot plot : written.plots()) {
            out.println("plot: " + plot.png() + "  " + plot.svg());
        }
        out.println("report: " + written.report());
    }
}
