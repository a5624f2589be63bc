package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    @TempDir Path dir;

    /** A reason, a path and the configuration reach the page escaped: they cannot add markup. */
    @Test
    void everythingFromTheRunIsEscaped() throws Exception {
        RunRecords records = RunRecordsFixture.batchRun(dir);
        List<ChartFiles.Plot> plots =
                ChartFiles.write(dir.resolve("plots"), RunCharts.of(RunSeries.of(records)));

        Path report = RunReport.write(records, plots, "name: <b>tiny</b>\n", Double.NaN);

        String html = Files.readString(report);
        assertThat(report).isEqualTo(dir.resolve("report.html"));
        assertThat(html)
                .contains("label 14 out of range &lt;0..9&gt; &amp; &quot;dropped&quot;")
                .contains("name: &lt;b&gt;tiny&lt;/b&gt;")
                .doesNotContain("<0..9>")
                .doesNotContain("<b>tiny");
        assertThat(html.split("<img src=\"data:image/png;base64,", -1)).hasSize(plots.size() + 1);
    }
}
