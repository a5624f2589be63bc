package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles of latencies, on values whose percentiles are known. */
class LatencyStatsTest {

    @Test
    void oneToAHundred() {
        LatencyStats stats = LatencyStats.of(LongStream.rangeClosed(1, 100).toArray());
        assertThat(stats).isEqualTo(new LatencyStats(100, 50, 99, 100, 50.5));
    }

    @Test
    void oneToAThousandShuffledGivesRank990ForP99AndLeavesTheInputAlone() {
        List<Long> values = new ArrayList<>();
        for (long v = 1; v <= 1000; v++) {
            values.add(v);
        }
        Collections.shuffle(values, new Random(7));
        long[] input = values.stream().mapToLong(Long::longValue).toArray();
        long[] copy = input.clone();
        LatencyStats stats = LatencyStats.of(input);
        assertThat(stats.p50()).isEqualTo(500);
        assertThat(stats.p99()).isEqualTo(990);
        assertThat(stats.max()).isEqualTo(1000);
        assertThat(stats.count()).isEqualTo(1000);
        assertThat(input).containsExactly(copy);
    }

    @Test
    void nearestRankIsAlwaysOneOfTheValues() {
        // 10 values: p50 is rank 5, p99 rank ceil(9.9) = 10, the largest.
        long[] values = {40, 10, 30, 20, 50, 100, 90, 80, 70, 60};
        LatencyStats stats = LatencyStats.of(values);
        assertThat(stats.p50()).isEqualTo(50);
        assertThat(stats.p99()).isEqualTo(100);
        assertThat(stats.mean()).isEqualTo(55.0);
        // 101 values 0..100: p99 is rank ceil(99.99) = 100, the value 99.
        assertThat(LatencyStats.of(LongStream.rangeClosed(0, 100).toArray()).p99()).isEqualTo(99);
    }

    @Test
    void outliersShowInTheTailOnly() {
        long[] values = new long[200];
        java.util.Arrays.fill(values, 12);
        values[0] = 5000;
        values[1] = 4000;
        LatencyStats stats = LatencyStats.of(values);
        assertThat(stats.p50()).isEqualTo(12);
        // rank 198 of 200 is the last of the 12s; the two outliers are ranks 199 and 200.
        assertThat(stats.p99()).isEqualTo(12);
        assertThat(stats.max()).isEqualTo(5000);
        values[2] = 3000;
        assertThat(LatencyStats.of(values).p99()).isEqualTo(3000);
    }

    @Test
    void singleValueAndNone() {
        assertThat(LatencyStats.of(new long[] {7})).isEqualTo(new LatencyStats(1, 7, 7, 7, 7.0));
        assertThat(LatencyStats.of(new long[0])).isEqualTo(LatencyStats.EMPTY);
    }

    @Test
    void percentileBoundsAndErrors() {
        long[] sorted = {1, 2, 3, 4};
        assertThat(LatencyStats.percentile(sorted, 0)).isEqualTo(1);
        assertThat(LatencyStats.percentile(sorted, 25)).isEqualTo(1);
        assertThat(LatencyStats.percentile(sorted, 26)).isEqualTo(2);
        assertThat(LatencyStats.percentile(sorted, 100)).isEqualTo(4);
        assertThatThrownBy(() -> LatencyStats.percentile(new long[0], 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyStats.percentile(sorted, 101))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyStats.percentile(sorted, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
