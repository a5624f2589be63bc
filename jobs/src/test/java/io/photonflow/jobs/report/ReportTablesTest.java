package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTablesTest {

    private final Path dir = Path.of("run");

    /**
     * Best validation accuracy 60% after epoch 1, where the test accuracy is 55%; 40 examples in
     * the 3 s between the first and the last record, 30 of them in the steps after the first.
     */
    @Test
    void summaryHasTheFiguresOfTheRecords() {
        List<ReportTables.SummaryLine> summary =
                ReportTables.summary(RunRecordsFixture.batchRun(dir), Double.NaN);

        assertThat(summary)
                .extracting(ReportTables.SummaryLine::id, ReportTables.SummaryLine::value)
                .containsExactly(
                        tuple("final-test-accuracy", "75.00%"),
                        tuple("final-test-loss", "0.7000"),
                        tuple("epochs", "2"),
                        tuple("best-validation-epoch", "1"),
                        tuple("best-validation-accuracy", "60.00%"),
                        tuple("test-accuracy-at-best-validation", "55.00%"),
                        tuple("training-steps", "4"),
                        tuple("training-examples", "40"),
                        tuple("seconds", "3.0 s"),
                        tuple("samples-per-second", "10"),
                        tuple("dead-letters", "3"));
    }

    @Test
    void epochTableAveragesTheStepsAndShowsTheEvaluations() {
        assertThat(ReportTables.epochs(RunRecordsFixture.batchRun(dir).metrics()))
                .containsExactly(
                        new ReportTables.EpochRow(
                                "1", "2", "1.5000", "30.00%", "1.2000", "60.00%", "1.1000",
                                "55.00%"),
                        new ReportTables.EpochRow(
                                "2", "4", "0.7000", "70.00%", "0.9000", "58.00%", "0.7000",
                                "75.00%"));
    }

    @Test
    void onlineRunsSummarizeThePrequentialAccuracyAndTheDrifts() {
        List<ReportTables.SummaryLine> summary =
                ReportTables.summary(RunRecordsFixture.onlineRun(dir), 2.0);

        assertThat(summary)
                .extracting(ReportTables.SummaryLine::id, ReportTables.SummaryLine::value)
                .startsWith(
                        tuple("final-prequential-accuracy", "20.00%"),
                        tuple("drift-detections", "1"))
                // 15 examples in the steps after the first, 3 s from the first step to the last.
                .contains(tuple("seconds", "2.0 s"), tuple("samples-per-second", "5"));
    }

    @Test
    void deadLettersAreCountedByReasonMostFirst() {
        assertThat(ReportTables.deadLetters(RunRecordsFixture.batchRun(dir).deadLetters()))
                .containsExactly(
                        new ReportTables.ReasonCount(
                                "label 14 out of range <0..9> & \"dropped\"", 2),
                        new ReportTables.ReasonCount("features: 12 values, expected 16", 1));
    }
}
