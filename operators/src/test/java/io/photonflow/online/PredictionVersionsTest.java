package io.photonflow.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PredictionVersionsTest {

    @Test
    void withoutALagPredictionsUseTheWeightsOfTheLastStep() {
        PredictionVersions versions = new PredictionVersions(1, 0);

        assertThat(LongStream.rangeClosed(0, 5).map(versions::after).toArray())
                .as("k-1-s after k steps, 0 at least")
                .containsExactly(0, 0, 0, 1, 2, 3);
    }

    @Test
    void aLagMakesThemOlderByItAndRoundsThemDownToItsMultiples() {
        PredictionVersions versions = new PredictionVersions(1, 4);

        assertThat(LongStream.rangeClosed(5, 16).map(versions::after).toArray())
                .as("the largest multiple of 4 at most k-1-1-4")
                .containsExactly(0, 0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 8);
        assertThat(LongStream.rangeClosed(1, 200))
                .allSatisfy(
                        k -> {
                            long trained = Math.max(0, k - 1 - 1);
                            assertThat(versions.after(k))
                                    .isLessThanOrEqualTo(Math.max(0, trained - 4))
                                    .isGreaterThan(trained - 2 * 4);
                        });
    }

    @Test
    void aLayerKeepsExactlyTheVersionsLaterPredictionsUse() {
        PredictionVersions versions = new PredictionVersions(0, 3);
        long step = 20;

        assertThat(LongStream.rangeClosed(0, 30).filter(v -> versions.keeps(v, step)).toArray())
                .as("after(20) = 15; then 18, 21, ... as the steps go on")
                .containsExactly(15, 18, 21, 24, 27, 30);
        assertThat(LongStream.rangeClosed(step, step + 50).map(versions::after))
                .allSatisfy(v -> assertThat(versions.keeps(v, step)).isTrue());
    }

    @Test
    void refusesANegativeLag() {
        assertThatThrownBy(() -> new PredictionVersions(1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
