package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.GemmShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class GemmCeilingTest {

    private static final List<GemmShape> SHAPES =
            List.of(
                    new GemmShape("forward 1", 32, 64, 48, false, false),
                    new GemmShape("weight gradient 1", 64, 32, 48, true, false),
                    new GemmShape("backprop 1", 32, 48, 64, false, true));

    @Test
    void theStepTakesTheSumOfItsProductsTimes() {
        GemmCeiling ceiling = GemmCeiling.measure(SHAPES, 32, 1, 1);

        assertThat(ceiling.products()).extracting(GemmCeiling.Product::shape).isEqualTo(SHAPES);
        assertThat(ceiling.products()).allSatisfy(p -> assertThat(p.gflops()).isPositive());
        double seconds = ceiling.products().stream().mapToDouble(p -> p.seconds()).sum();
        assertThat(ceiling.stepSeconds()).isCloseTo(seconds, within(1e-12));
        assertThat(ceiling.flopsPerStep()).isEqualTo(3 * 2L * 32 * 64 * 48);
        assertThat(ceiling.gflops())
                .isCloseTo(ceiling.flopsPerStep() / seconds / 1e9, within(1e-6));
        assertThat(ceiling.samplesPerSecond()).isCloseTo(32 / seconds, within(1e-6));
        assertThat(ceiling.fraction(ceiling.samplesPerSecond() / 2)).isCloseTo(0.5, within(1e-12));
    }
}
