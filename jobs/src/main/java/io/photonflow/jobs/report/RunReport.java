package io.photonflow.jobs.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's report: one self-contained HTML file with the summary, the plots (PNG in {@code data:}
 * URIs, so that the file can be mailed or archived alone), the per-epoch table, the dead letters
 * counted by reason and the configuration.
 *
 * <p>The page is a Mustache template ({@code report.mustache} beside this class) rendered by
 * mustache.java: the markup reads as the page it makes, and every value is HTML-escaped unless the
 * template says otherwise (it never does), so reasons and paths from the data cannot break it.
 */
public final class RunReport {

    /** The report's file name in the run folder. */
    public static final String FILE = "report.html";

    private static final Mustache TEMPLATE =
            new DefaultMustacheFactory().compile("io/photonflow/jobs/report/report.mustache");

    private RunReport() {}

    /** A plot as the page shows it. */
    public record PagePlot(
            String name, String caption, String png, int width, int height, String files) {}

    /**
     * Writes {@code report.html} into the run's folder.
     *
     * @param records the run's records
     * @param plots its plots, already drawn
     * @param configuration the run's configuration as YAML, or null when unknown
     * @param seconds the run's wall-clock time, or NaN to take it from the records' timestamps
     * @return the report's path
     */
    public static Path write(
            RunRecords records, List<ChartFiles.Plot> plots, String configuration, double seconds)
            throws IOException {
        Map<String, Object> page = new HashMap<>();
        page.put("title", records.directory().toAbsolutePath().normalize().getFileName());
        page.put("directory", records.directory().toAbsolutePath().normalize());
        page.put("written", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        page.put("summary", ReportTables.summary(records, seconds));
        page.put("plots", pagePlots(records.directory(), plots));
        page.put("epochs", ReportTables.epochs(records.metrics()));
        List<ReportTables.ReasonCount> deadLetters =
                ReportTables.deadLetters(records.deadLetters());
        page.put("hasDeadLetters", !deadLetters.isEmpty());
        page.put("deadLetters", deadLetters);
        page.put("hasConfiguration", configuration != null);
        page.put("configuration", configuration);
        Path file = records.directory().resolve(FILE);
        try (Writer out = Files.newBufferedWriter(file)) {
            TEMPLATE.execute(out, page);
        }
        return file;
    }

    private static List<PagePlot> pagePlots(Path directory, List<ChartFiles.Plot> plots)
            throws IOException {
        List<PagePlot> page = new ArrayList<>();
        for (ChartFiles.Plot plot : plots) {
            page.add(
                    new PagePlot(
                            plot.name(),
                            plot.caption(),
                            Base64.getEncoder().encodeToString(Files.readAllBytes(plot.png())),
                            ChartStyle.WIDTH,
                            ChartStyle.HEIGHT,
                            directory.relativize(plot.png())
                                    + ", "
                                    + directory.relativize(plot.svg())));
        }
        return page;
    }
}
