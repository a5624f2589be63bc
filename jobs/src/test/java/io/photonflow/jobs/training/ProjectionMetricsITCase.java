package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection operator reports what the simulated OPU spent: camera frames (2 or 4 per
 * projected row: hologram and signal for each non-empty sign), device time at the frame rate and
 * energy at the device's power, next to the rows it projected and the CPU time they took.
 */
class ProjectionMetricsITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @BeforeAll
    static void data() {
        TestJobs.assumeFashionMnist();
    }

    @Test
    void simulatedOpuReportsFramesDeviceTimeAndEnergy(@TempDir Path out) throws Exception {
        JobConfig config =
                TestJobs.small(
                        out,
                        "projection.kind=opu",
                        "training.epochs=1",
                        "projection.opu.frame-rate=1000",
                        "projection.opu.power-watts=20");

        JobExecutionResult result = TestJobs.runDataflow(config);

        long rows = TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.PROJECTIONS);
        assertThat(rows).as("rows projected: one epoch of 2,000 examples").isEqualTo(2000);
        long frames = ((Number) gauge(result, Metrics.DEVICE_FRAMES).getValue()).longValue();
        assertThat(frames).isBetween(2 * rows, 4 * rows);
        double seconds = ((Number) gauge(result, Metrics.DEVICE_SECONDS).getValue()).doubleValue();
        // Every frame, and the one calibration frame, at 1,000 frames/s.
        assertThat(seconds).isEqualTo((frames + 1) / 1000.0);
        assertThat(((Number) gauge(result, Metrics.DEVICE_ENERGY_JOULES).getValue()).doubleValue())
                .isEqualTo(seconds * 20);
        assertThat(TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.PROJECTION_CPU_MILLIS))
                .isNotNegative();
    }

    private static Gauge<?> gauge(JobExecutionResult result, String name) {
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                REPORTER.getMetricsByGroup().entrySet()) {
            if (result.getJobID().toString().equals(group.getKey().getAllVariables().get("<job_id>"))
                    && group.getValue().get(name) instanceof Gauge<?> gauge) {
                return gauge;
            }
        }
        throw new AssertionError("no gauge " + name + " in job " + result.getJobID());
    }
}
