package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ValueStatisticsTest {

    @Test
    void normMeanAndStandardDeviationMatchHandComputedValues() {
        // (3, -4, 0, 5): sum of squares 50, norm sqrt(50); mean 1; deviations 4, 25, 1, 16 -> 46/4.
        ValueStatistics s = ValueStatistics.of(new float[] {3f, -4f, 0f, 5f});
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.norm()).isCloseTo(Math.sqrt(50), within(1e-12));
        assertThat(s.mean()).isEqualTo(1.0);
        assertThat(s.standardDeviation()).isCloseTo(Math.sqrt(46.0 / 4), within(1e-12));
        assertThat(s.min()).isEqualTo(-4.0);
        assertThat(s.max()).isEqualTo(5.0);
    }

    @Test
    void aConstantArrayHasNoSpread() {
        ValueStatistics s = ValueStatistics.of(new float[] {0.1f, 0.1f, 0.1f});
        assertThat(s.standardDeviation()).isZero();
        assertThat(s.mean()).isEqualTo((double) 0.1f);
    }

    @Test
    void noValuesHaveNormZeroAndNoMean() {
        ValueStatistics s = ValueStatistics.of(new float[0]);
        assertThat(s.count()).isZero();
        assertThat(s.norm()).isZero();
        assertThat(s.mean()).isNaN();
        assertThat(s.standardDeviation()).isNaN();
    }
}
