package io.photonflow.jobs.report;

import java.awt.Color;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The one look of photonflow's charts: size, fonts, colours, lines and markers. */
final class ChartStyle {

    static final int WIDTH = 800;
    static final int HEIGHT = 450;

    /** Matplotlib's first colours (tab10), so that plots look as users of Python tools expect. */
    static final Color[] COLOURS = {
        new Color(31, 119, 180),
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(214, 39, 40),
        new Color(148, 103, 189),
        new Color(140, 86, 75)
    };

    private ChartStyle() {}

    static XYChart xy(String title, String xAxis, String yAxis) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xAxis)
                        .yAxisTitle(yAxis)
                        .build();
        common(chart.getStyler());
        chart.getStyler().setSeriesColors(COLOURS);
        // Whole-number steps would otherwise get a label each.
        chart.getStyler().setXAxisMaxLabelCount(10);
        chart.getStyler().setLocale(Locale.ROOT);
        return chart;
    }

    static CategoryChart bars(String title, String xAxis, String yAxis) {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xAxis)
                        .yAxisTitle(yAxis)
                        .build();
        common(chart.getStyler());
        chart.getStyler().setSeriesColors(COLOURS);
        return chart;
    }

    /** A line without markers, as thin as {@code width}; faded when {@code faded}. */
    static XYSeries line(XYChart chart, Series series, Color colour, float width, boolean faded) {
        XYSeries line = chart.addSeries(series.name(), series.x(), series.y());
        line.setMarker(SeriesMarkers.NONE);
        line.setLineWidth(width);
        line.setLineColor(
                faded
                        ? new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 70)
                        : colour);
        return line;
    }

    /** A line through round markers: few points, each one an evaluation. */
    static XYSeries points(XYChart chart, Series series, Color colour) {
        XYSeries line = chart.addSeries(series.name(), series.x(), series.y());
        line.setMarker(SeriesMarkers.CIRCLE);
        line.setMarkerColor(colour);
        line.setLineColor(colour);
        line.setLineWidth(2f);
        return line;
    }

    private static void common(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendBorderColor(new Color(220, 220, 220));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setAntiAlias(true);
    }
}
