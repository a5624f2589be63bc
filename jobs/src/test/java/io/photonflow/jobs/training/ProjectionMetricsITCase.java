package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The projection operator reports what the simulated OPU spent: camera frames (2 or 4 per projected
 * row: hologram and signal for each non-empty sign), device time at the frame rate and energy at
 * the device's power, next to the rows it projected and the CPU time they took; a digital
 * projection reports no device. One epoch of the synthetic data of {@link TestJobs#small}: 20 steps
 * of 100 rows.
 */
class ProjectionMetricsITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster(REPORTER);

    /**
     * Frames per row: stochastic ternarization always lights the largest error entry, so every row
     * takes 2 or 4 frames; a threshold of 0 lights every non-zero entry, and a labelled row's
     * output error (softmax minus one-hot) has a negative entry, its label's, and positive ones,
     * the other classes', so every row takes exactly 4.
     */
    @ParameterizedTest(name = "{0} ternarization, threshold {1}")
    @CsvSource({"stochastic, 0.25, 2, 4", "threshold, 0, 4, 4"})
    void simulatedOpuReportsFramesDeviceTimeAndEnergy(
            String ternarization,
            double threshold,
            int fewestFramesPerRow,
            int mostFramesPerRow,
            @TempDir Path out)
            throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "projection.kind=opu",
                        "projection.opu.ternarization=" + ternarization,
                        "projection.opu.threshold=" + threshold,
                        "training.epochs=1",
                        "projection.opu.frame-rate=1000",
                        "projection.opu.power-watts=20");

        JobExecutionResult result = TestJobs.runDataflow(config);

        long rows = projectedRows(config, result);
        long frames = ((Number) gauge(result, Metrics.DEVICE_FRAMES).getValue()).longValue();
        assertThat(frames)
                .as("frames for %d rows", rows)
                .isBetween(fewestFramesPerRow * rows, mostFramesPerRow * rows);
        double seconds = ((Number) gauge(result, Metrics.DEVICE_SECONDS).getValue()).doubleValue();
        // Every frame, and the one calibration frame, at 1,000 frames/s.
        assertThat(seconds).isEqualTo((frames + 1) / 1000.0);
        // Device time at 20 W.
        assertThat(((Number) gauge(result, Metrics.DEVICE_ENERGY_JOULES).getValue()).doubleValue())
                .isEqualTo(seconds * 20);
        assertCpuTimeWithinTheRun(result);
        // Simulating the camera frames takes tens of milliseconds (70 for stochastic, 25 for
        // threshold ternarization on a 2-core machine), never nothing.
        assertThat(TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.PROJECTION_CPU_MILLIS))
                .isPositive();
    }

    @Test
    void gaussianProjectionReportsRowsAndCpuTimeButNoDevice(@TempDir Path out) throws Exception {
        JobConfig config = TestJobs.small(out, "projection.kind=gaussian", "training.epochs=1");

        JobExecutionResult result = TestJobs.runDataflow(config);

        projectedRows(config, result);
        assertCpuTimeWithinTheRun(result);
        for (String device :
                new String[] {
                    Metrics.DEVICE_FRAMES, Metrics.DEVICE_SECONDS, Metrics.DEVICE_ENERGY_JOULES
                }) {
            assertThat(metrics(result, device)).as(device).isEmpty();
        }
    }

    /** Asserts that the projection counted every training row, once: steps x batch rows. */
    private static long projectedRows(JobConfig config, JobExecutionResult result)
            throws Exception {
        long steps = TestJobs.model(config).getStep();
        assertThat(steps).as("steps: one epoch of 2,000 examples in batches of 100").isEqualTo(20);
        long rows = TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.PROJECTIONS);
        assertThat(rows)
                .as("rows projected: %d steps of %d rows", steps, config.training().batchSize())
                .isEqualTo(steps * config.training().batchSize())
                .isEqualTo(TestJobs.SMALL_TRAIN);
        return rows;
    }

    /**
     * The projection's CPU time is counted (a counter exists), and is at most the run's wall-clock
     * time: the projection runs in one thread.
     */
    private static void assertCpuTimeWithinTheRun(JobExecutionResult result) {
        assertThat(metrics(result, Metrics.PROJECTION_CPU_MILLIS))
                .singleElement()
                .isInstanceOf(Counter.class);
        assertThat(TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.PROJECTION_CPU_MILLIS))
                .isBetween(0L, result.getNetRuntime(TimeUnit.MILLISECONDS));
    }

    private static Gauge<?> gauge(JobExecutionResult result, String name) {
        List<Metric> found = metrics(result, name);
        assertThat(found)
                .as("metric %s in job %s", name, result.getJobID())
                .singleElement()
                .isInstanceOf(Gauge.class);
        return (Gauge<?>) found.get(0);
    }

    /** The metrics named {@code name} in job {@code result}, over all operators. */
    private static List<Metric> metrics(JobExecutionResult result, String name) {
        List<Metric> found = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                REPORTER.getMetricsByGroup().entrySet()) {
            if (result.getJobID()
                            .toString()
                            .equals(group.getKey().getAllVariables().get("<job_id>"))
                    && group.getValue().get(name) != null) {
                found.add(group.getValue().get(name));
            }
        }
        return found;
    }
}
