package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Streams#layerDoubleAt} is the JDK's SplittableRandom read at any position: every layer's
 * seeded weights stay the values they have always been, whether a process draws the whole layer or
 * one shard's columns of it.
 */
class StreamsTest {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    @Test
    void everyPositionHoldsTheValueTheJdksGeneratorDrawsThere() {
        for (long seed : new long[] {0, 42, -7, Long.MAX_VALUE}) {
            for (int layer = 0; layer < 3; layer++) {
                SplittableRandom jdk = new SplittableRandom(seed + GOLDEN_GAMMA * (layer + 1L));
                for (long position = 0; position < 200_000; position++) {
                    double expected = jdk.nextDouble();
                    if (position < 1000 || position % 997 == 0) {
                        assertThat(Streams.layerDoubleAt(seed, layer, position))
                                .as("seed %d, layer %d, position %d", seed, layer, position)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void layersDrawDifferentValues() {
        assertThat(Streams.layerDoubleAt(42, 0, 0)).isNotEqualTo(Streams.layerDoubleAt(42, 1, 0));
    }
}
