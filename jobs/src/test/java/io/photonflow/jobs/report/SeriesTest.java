package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeriesTest {

    /**
     * Weight 0.5 over 1, 0, 1: averages 0.5, 0.25, 0.625, debiased by 1 - 0.5^(i+1) to 1, 1/3, 5/7.
     */
    @Test
    void movingAverageIsDebiasedSoTheFirstPointIsKept() {
        Series raw = new Series("loss", new double[] {1, 2, 3}, new double[] {1, 0, 1});

        Series smooth = raw.smoothed("average", 0.5);

        assertThat(smooth.name()).isEqualTo("average");
        assertThat(smooth.x()).containsExactly(1, 2, 3);
        assertThat(smooth.y()[0]).isCloseTo(1, within(1e-12));
        assertThat(smooth.y()[1]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(smooth.y()[2]).isCloseTo(5.0 / 7, within(1e-12));
    }

    @Test
    void weightZeroLeavesThePointsAsTheyAre() {
        Series raw = new Series("loss", new double[] {1, 2}, new double[] {0.25, 4});
        assertThat(raw.smoothed("loss", 0).y()).containsExactly(0.25, 4);
    }

    @Test
    void smoothingWeightGrowsWithTheRunAndIsAtLeastAHalf() {
        assertThat(RunSeries.smoothingWeight(10)).isEqualTo(0.5);
        assertThat(RunSeries.smoothingWeight(100)).isEqualTo(0.5);
        assertThat(RunSeries.smoothingWeight(1000)).isCloseTo(0.95, within(1e-12));
    }

    /** Ten points, at most four: every third (0, 3, 6, 9); eleven: 0, 3, 6, 9 and the last. */
    @Test
    void thinningKeepsEveryKthPointAndTheLast() {
        Series ten = new Series("s", range(10), range(10));
        assertThat(ten.thinned(4).x()).containsExactly(0, 3, 6, 9);
        assertThat(ten.thinned(4).y()).containsExactly(0, 3, 6, 9);
        assertThat(new Series("s", range(11), range(11)).thinned(4).x())
                .containsExactly(0, 3, 6, 9, 10);
        assertThat(ten.thinned(10)).isSameAs(ten);
    }

    private static double[] range(int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    @Test
    void mismatchedLengthsAndWeightsOutsideTheUnitIntervalAreRefused() {
        assertThatThrownBy(() -> new Series("s", new double[] {1, 2}, new double[] {1}))
                .hasMessage("s: 2 x values but 1 y values");
        Series series = new Series("s", new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> series.smoothed("t", 1))
                .hasMessage("smoothing weight must be in [0, 1), got 1.0");
    }
}
