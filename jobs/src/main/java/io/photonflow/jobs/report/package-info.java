/**
 * Seeing a run: its Avro outputs read into series ({@link io.photonflow.jobs.report.RunSeries}),
 * drawn as PNG and SVG plots ({@link io.photonflow.jobs.report.RunCharts}, {@link
 * io.photonflow.jobs.report.ChartFiles}) and gathered with its summary, configuration and tables in
 * one self-contained HTML page ({@link io.photonflow.jobs.report.RunReport}).
 */
package io.photonflow.jobs.report;
