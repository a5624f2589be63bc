package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.jobs.bench.Comparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class ComparisonChartTest {

    @TempDir Path dir;

    /**
     * BP on two data sets, two seeds each (80% and 90%: mean 85, sample deviation 7.07; 60% and
     * 60%: 60 ± 0), DFA on the first only (70%), no structured runs: two groups, two series, no DFA
     * bar on the second data set.
     */
    @Test
    void barsAreTheMeansAndErrorBarsTheStandardDeviations() throws Exception {
        List<Comparison.Run> runs =
                List.of(
                        run("fashion-mnist", "bp", 0, 0.8),
                        run("fashion-mnist", "bp", 1, 0.9),
                        run("cora", "bp", 0, 0.6),
                        run("cora", "bp", 1, 0.6),
                        run("fashion-mnist", "dfa", 0, 0.7));

        Figure figure =
                ComparisonChart.of(
                        runs, List.of("fashion-mnist", "cora"), List.of("bp", "dfa", "structured"));

        CategoryChart chart = (CategoryChart) figure.chart();
        assertThat(chart.getSeriesMap()).containsOnlyKeys("BP", "DFA");
        CategorySeries bp = chart.getSeriesMap().get("BP");
        assertThat(new ArrayList<Object>(bp.getXData())).containsExactly("fashion-mnist", "cora");
        List<Number> means = new ArrayList<>(bp.getYData());
        List<Number> deviations = new ArrayList<>(bp.getExtraValues());
        assertThat(means.get(0).doubleValue()).isCloseTo(85, within(1e-9));
        assertThat(means.get(1).doubleValue()).isCloseTo(60, within(1e-9));
        assertThat(deviations.get(0).doubleValue()).isCloseTo(Math.sqrt(50), within(1e-9));
        assertThat(deviations.get(1).doubleValue()).isCloseTo(0, within(1e-9));
        List<Number> dfa = new ArrayList<>(chart.getSeriesMap().get("DFA").getYData());
        assertThat(dfa.get(0).doubleValue()).isCloseTo(70, within(1e-9));
        assertThat(dfa.get(1).doubleValue()).isNaN();

        ChartFilesTest.assertDrawn(ChartFiles.write(dir, figure));
    }

    private static Comparison.Run run(String dataset, String variant, int seed, double accuracy) {
        return new Comparison.Run(dataset, variant, seed, 1, accuracy, accuracy, accuracy, 1.0);
    }
}
