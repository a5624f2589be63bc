package io.photonflow.jobs.report;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart to draw and what to call it.
 *
 * @param name the file stem: {@code name.png} and {@code name.svg}
 * @param caption one line saying what the chart shows
 * @param chart the chart
 */
public record Figure(String name, String caption, Chart<?, ?> chart) {}
