package io.photonflow.jobs.inference;

import io.photonflow.math.ConfusionMatrix;
import io.photonflow.training.ModelEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An evaluation as people read it: loss and accuracy, precision, recall and F1 per class (and their
 * macro averages), and the confusion matrix, as a table on the terminal and as CSV.
 *
 * <p>The CSV has a row per class ({@code class, examples, precision, recall, f1}, then {@code
 * predicted_0 ... predicted_<classes-1>}: the class's row of the confusion matrix), then a row
 * {@code all}: every example, the macro averages, the column sums, and the only non-empty {@code
 * loss} and {@code accuracy}.
 */
public record EvaluationReport(ModelEvaluation evaluation) {

    /** The figures, then the per-class table, then the confusion matrix. */
    public void print(PrintStream out) {
        ConfusionMatrix m = evaluation.confusion();
        out.printf(
                Locale.ROOT,
                "loss %.4f, accuracy %.2f%% (%,d of %,d)%n%n",
                evaluation.loss(),
                100 * evaluation.accuracy(),
                m.correct(),
                m.total());
        out.printf(
                Locale.ROOT,
                "%-9s %9s %9s %9s %9s%n",
                "class",
                "precision",
                "recall",
                "f1",
                "examples");
        for (int c = 0; c < m.classes(); c++) {
            out.printf(
                    Locale.ROOT,
                    "%-9d %9.4f %9.4f %9.4f %,9d%n",
                    c,
                    m.precision(c),
                    m.recall(c),
                    m.f1(c),
                    m.support(c));
        }
        out.printf(
                Locale.ROOT,
                "%-9s %9.4f %9.4f %9.4f %,9d%n%n",
                "macro avg",
                m.macroPrecision(),
                m.macroRecall(),
                m.macroF1(),
                m.total());
        int width = Math.max(6, Long.toString(m.total()).length() + 1);
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-6s", ""));
        for (int c = 0; c < m.classes(); c++) {
            header.append(String.format(Locale.ROOT, "%" + width + "d", c));
        }
        out.println(header);
        for (int actual = 0; actual < m.classes(); actual++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6d", actual));
            for (int predicted = 0; predicted < m.classes(); predicted++) {
                row.append(
                        String.format(Locale.ROOT, "%" + width + "d", m.count(actual, predicted)));
            }
            out.println(row);
        }
    }

    /** Writes the per-class figures and the confusion matrix to {@code file}. */
    public void writeCsv(Path file) throws IOException {
        ConfusionMatrix m = evaluation.confusion();
        List<String> header =
                new ArrayList<>(List.of("class", "examples", "precision", "recall", "f1"));
        for (int c = 0; c < m.classes(); c++) {
            header.add("predicted_" + c);
        }
        header.add("loss");
        header.add("accuracy");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file);
                CSVPrinter csv =
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader(header.toArray(String[]::new))
                                .get()
                                .print(out)) {
            for (int c = 0; c < m.classes(); c++) {
                List<Object> row =
                        new ArrayList<>(
                                List.of(c, m.support(c), m.precision(c), m.recall(c), m.f1(c)));
                for (int predicted = 0; predicted < m.classes(); predicted++) {
                    row.add(m.count(c, predicted));
                }
                row.add("");
                row.add("");
                csv.printRecord(row);
            }
            List<Object> all =
                    new ArrayList<>(
                            List.of(
                                    "all",
                                    m.total(),
                                    m.macroPrecision(),
                                    m.macroRecall(),
                                    m.macroF1()));
            for (int predicted = 0; predicted < m.classes(); predicted++) {
                all.add(m.predicted(predicted));
            }
            all.add(evaluation.loss());
            all.add(evaluation.accuracy());
            csv.printRecord(all);
        }
    }
}
