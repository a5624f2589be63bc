package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunSeriesTest {

    @Test
    void batchRunGivesPerStepPerEpochAndPerLayerSeries() {
        RunSeries series = RunSeries.of(RunRecordsFixture.batchRun(Path.of("run")));

        assertThat(series.trainingLoss())
                .isEqualTo(
                        new Series(
                                "training loss",
                                new double[] {1, 2, 3, 4},
                                new double[] {2.0, 1.0, 0.8, 0.6}));
        assertThat(series.trainingAccuracy().x()).containsExactly(1, 2, 3, 4);
        assertThat(series.trainingAccuracy().y())
                .containsExactly(new double[] {10, 50, 60, 80}, within(1e-9));
        assertThat(series.validationAccuracy().x()).containsExactly(1, 2);
        assertThat(series.validationAccuracy().y())
                .containsExactly(new double[] {60, 58}, within(1e-9));
        assertThat(series.testAccuracy().y()).containsExactly(new double[] {55, 75}, within(1e-9));
        assertThat(series.alignment())
                .containsExactly(
                        new Series("hidden layer 1", new double[] {2, 4}, new double[] {80, 70}),
                        new Series("hidden layer 2", new double[] {2, 4}, new double[] {85, 75}));
        assertThat(series.isOnline()).isFalse();
        assertThat(series.driftAt()).isEmpty();
    }

    /** Steps of 5 examples: step k has seen 5k examples, the drift at step 3 after 15. */
    @Test
    void onlineRunGivesPrequentialAccuracyOverExamplesSeenAndTheDrifts() {
        RunSeries series = RunSeries.of(RunRecordsFixture.onlineRun(Path.of("run")));

        assertThat(series.isOnline()).isTrue();
        assertThat(series.prequentialByCount().x()).containsExactly(5, 10, 15, 20);
        assertThat(series.prequentialByCount().y())
                .containsExactly(new double[] {20, 40, 30, 20}, within(1e-9));
        assertThat(series.prequentialByTime().x()).containsExactly(5, 10, 15, 20);
        assertThat(series.prequentialByTime().y())
                .containsExactly(new double[] {20, 40, 26.7, 30}, within(1e-9));
        assertThat(series.driftAt()).containsExactly(15);
        assertThat(series.testAccuracy().isEmpty()).isTrue();
    }
}
