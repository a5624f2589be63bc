package io.photonflow.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * The charts of one run, from its series: training loss and accuracy per step (raw and smoothed),
 * validation and test accuracy per epoch, the alignment angle per hidden layer when measured, and
 * for online runs the prequential accuracy over the examples seen with drift detections marked. A
 * chart whose series are all empty is left out.
 */
public final class RunCharts {

    /** Per-step lines keep at most about this many points: enough for 800 pixels. */
    static final int MAX_POINTS = 2000;

    private RunCharts() {}

    /** The charts of {@code series}, in the order a report shows them. */
    public static List<Figure> of(RunSeries series) {
        List<Figure> figures = new ArrayList<>();
        if (!series.trainingLoss().isEmpty()) {
            figures.add(
                    new Figure(
                            "training-loss",
                            "Training loss per step: each minibatch (faded) and its moving average.",
                            perStep(series.trainingLoss(), "Training loss", "loss")));
            figures.add(
                    new Figure(
                            "training-accuracy",
                            "Training accuracy per step: each minibatch (faded) and its moving"
                                    + " average.",
                            perStep(
                                    series.trainingAccuracy(),
                                    "Training accuracy",
                                    "accuracy (%)")));
        }
        if (!series.testAccuracy().isEmpty() || !series.validationAccuracy().isEmpty()) {
            figures.add(
                    new Figure(
                            "epoch-accuracy",
                            "Validation and test accuracy after each epoch.",
                            perEpoch(series)));
        }
        if (!series.alignment().isEmpty()) {
            figures.add(
                    new Figure(
                            "alignment",
                            "Angle between the DFA update and the backprop gradient of each hidden"
                                    + " layer (0° aligned, 90° orthogonal).",
                            alignment(series.alignment())));
        }
        if (series.isOnline()) {
            figures.add(
                    new Figure(
                            "prequential-accuracy",
                            "Prequential accuracy (each example scored before it is learned from)"
                                    + " over the rolling windows; vertical lines: drift detected.",
                            prequential(series)));
        }
        return figures;
    }

    private static XYChart perStep(Series raw, String title, String yAxis) {
        XYChart chart = ChartStyle.xy(title, "training step", yAxis);
        // Smoothed over every step, then thinned for drawing.
        Series smooth =
                raw.smoothed("moving average", RunSeries.smoothingWeight(raw.size()))
                        .thinned(MAX_POINTS);
        Series each = new Series("each step", raw.x(), raw.y()).thinned(MAX_POINTS);
        ChartStyle.line(chart, each, ChartStyle.COLOURS[0], 1f, true);
        ChartStyle.line(chart, smooth, ChartStyle.COLOURS[0], 2f, false);
        return chart;
    }

    private static XYChart perEpoch(RunSeries series) {
        XYChart chart = ChartStyle.xy("Accuracy per epoch", "epoch", "accuracy (%)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        if (!series.validationAccuracy().isEmpty()) {
            ChartStyle.points(chart, series.validationAccuracy(), ChartStyle.COLOURS[1]);
        }
        if (!series.testAccuracy().isEmpty()) {
            ChartStyle.points(chart, series.testAccuracy(), ChartStyle.COLOURS[0]);
        }
        return chart;
    }

    private static XYChart alignment(List<Series> layers) {
        XYChart chart = ChartStyle.xy("Alignment angle", "training step", "angle (degrees)");
        for (int i = 0; i < layers.size(); i++) {
            ChartStyle.points(
                    chart, layers.get(i), ChartStyle.COLOURS[i % ChartStyle.COLOURS.length]);
        }
        return chart;
    }

    private static XYChart prequential(RunSeries series) {
        XYChart chart = ChartStyle.xy("Prequential accuracy", "examples seen", "accuracy (%)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        if (!series.prequentialByCount().isEmpty()) {
            ChartStyle.line(chart, series.prequentialByCount(), ChartStyle.COLOURS[0], 2f, false);
        }
        if (!series.prequentialByTime().isEmpty()) {
            XYSeries time =
                    ChartStyle.line(
                            chart, series.prequentialByTime(), ChartStyle.COLOURS[2], 2f, false);
            time.setLineStyle(SeriesLines.DASH_DASH);
        }
        chart.getStyler().setAnnotationLineColor(ChartStyle.COLOURS[3]);
        for (double examples : series.driftAt()) {
            chart.addAnnotation(new AnnotationLine(examples, true, false));
        }
        return chart;
    }
}
