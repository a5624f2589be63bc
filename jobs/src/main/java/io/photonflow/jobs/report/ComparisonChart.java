package io.photonflow.jobs.report;

import io.photonflow.jobs.bench.Comparison;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The comparison table as a bar chart: a group of bars per data set, a bar per training variant,
 * its height the mean test accuracy at the best validation epoch over the seeds and its error bar
 * the sample standard deviation (the table's cells). A variant without runs on a data set has no
 * bar.
 */
public final class ComparisonChart {

    private ComparisonChart() {}

    /** The chart of {@code runs}, data sets and variants in the table's order. */
    public static Figure of(
            List<Comparison.Run> runs, List<String> datasets, List<String> variants) {
        CategoryChart chart =
                ChartStyle.bars(
                        "Test accuracy at the best validation epoch", "data set", "accuracy (%)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setErrorBarsColor(java.awt.Color.DARK_GRAY);
        for (String variant : variants) {
            List<Double> means = new ArrayList<>();
            List<Double> deviations = new ArrayList<>();
            for (String dataset : datasets) {
                double[] accuracies =
                        runs.stream()
                                .filter(
                                        r ->
                                                r.dataset().equals(dataset)
                                                        && r.variant().equals(variant))
                                .mapToDouble(r -> 100 * r.testAccuracy())
                                .toArray();
                // XChart draws no bar for NaN (it takes no null beside error bars).
                means.add(accuracies.length == 0 ? Double.NaN : mean(accuracies));
                deviations.add(accuracies.length == 0 ? 0.0 : standardDeviation(accuracies));
            }
            if (means.stream().allMatch(m -> m.isNaN())) {
                continue;
            }
            CategorySeries bars =
                    chart.addSeries(
                            Comparison.VARIANTS.getOrDefault(variant, variant),
                            datasets,
                            means,
                            deviations);
            bars.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        }
        return new Figure(
                "comparison",
                "Test accuracy at the best validation epoch: mean over the seeds, error bars one"
                        + " sample standard deviation.",
                chart);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** The sample standard deviation, as the table's; 0 for a single run. */
    private static double standardDeviation(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }
}
