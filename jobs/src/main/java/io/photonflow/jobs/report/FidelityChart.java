package io.photonflow.jobs.report;

import io.photonflow.jobs.bench.OpuFidelity;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * The simulated OPU's fidelity against camera noise: mean cosine of the recovered vs the ideal
 * projection over the read noise, without and with shot noise, for the 8-bit camera of the table
 * (its bit-depth rows stay in the table).
 */
public final class FidelityChart {

    private static final int CAMERA_BITS = 8;

    private FidelityChart() {}

    /** The chart of the measured {@code rows}. */
    public static Figure of(List<OpuFidelity.Row> rows) {
        XYChart chart =
                ChartStyle.xy("Simulated OPU fidelity", "read noise (counts)", "mean cosine");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        Series readOnly = series(rows, false, "read noise only");
        Series withShot = series(rows, true, "shot + read noise");
        if (!readOnly.isEmpty()) {
            ChartStyle.points(chart, readOnly, ChartStyle.COLOURS[0]);
        }
        if (!withShot.isEmpty()) {
            ChartStyle.points(chart, withShot, ChartStyle.COLOURS[1]);
        }
        return new Figure(
                "opu-fidelity",
                "Mean cosine of the recovered vs the ideal projection, 8-bit camera, against its"
                        + " read noise, without and with shot noise.",
                chart);
    }

    private static Series series(List<OpuFidelity.Row> rows, boolean shotNoise, String name) {
        List<OpuFidelity.Row> selected =
                rows.stream()
                        .filter(
                                row ->
                                        row.settings().bitDepth() == CAMERA_BITS
                                                && row.settings().shotNoise() == shotNoise)
                        .sorted(Comparator.comparingDouble(row -> row.settings().readNoise()))
                        .toList();
        return new Series(
                name,
                selected.stream().mapToDouble(row -> row.settings().readNoise()).toArray(),
                selected.stream().mapToDouble(OpuFidelity.Row::meanCosine).toArray());
    }
}
