package io.photonflow.jobs.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that shows a finished run: its plots in {@code plots/} and its {@code report.html},
 * made from the files in its output folder.
 */
public final class RunViews {

    /** The plots' folder in the run folder. */
    public static final String PLOTS = "plots";

    private RunViews() {}

    /**
     * What was written.
     *
     * @param plots the plots, PNG and SVG each
     * @param report the HTML report
     */
    public record Written(List<ChartFiles.Plot> plots, Path report) {}

    /**
     * Draws the plots and writes the report of the run in {@code directory}.
     *
     * @param seconds the run's wall-clock time, or NaN to take it from its records
     * @throws IllegalArgumentException when the folder holds no run (no metrics.avro)
     */
    public static Written write(Path directory, double seconds) throws IOException {
        RunRecords records = RunRecords.read(directory);
        List<ChartFiles.Plot> plots =
                ChartFiles.write(directory.resolve(PLOTS), RunCharts.of(RunSeries.of(records)));
        Path report = RunReport.write(records, plots, RunConfiguration.read(directory), seconds);
        return new Written(plots, report);
    }
}
