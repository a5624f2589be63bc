package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.jobs.config.JobConfig;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference trainer with its hidden layers split into column shards ({@code runtime.shards}),
 * on the small synthetic job of {@link TestJobs#small}: the same network, learning the same way.
 * Shards change only the order of the arithmetic, so the weights agree with the unsplit run's to
 * float tolerance, and the split run is as reproducible as any other.
 */
class ShardedReferenceTest {

    /**
     * Largest difference of a weight from the unsplit run's after the 40 steps, against weights of
     * about 0.1. Measured: none under DFA (OpenBLAS sums each output column in the same order
     * however many columns one call computes), up to 1.6e-6 under BP (delta W^T of the shards,
     * added up, is summed in another order than one product sums it).
     */
    private static final double WEIGHT_TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0}, shards {1}")
    @CsvSource({"dfa, 2", "dfa, 4", "dfa, '[3,2]'", "bp, 2", "bp, 4"})
    void splitLayersLearnWhatTheWholeLayersLearn(String algorithm, String shards, @TempDir Path out)
            throws Exception {
        JobConfig whole = TestJobs.small(out.resolve("whole"), "algorithm=" + algorithm);
        JobConfig split =
                TestJobs.small(
                        out.resolve("split"), "algorithm=" + algorithm, "runtime.shards=" + shards);

        ReferenceTrainer.Result expected = TestJobs.runReference(whole);
        ReferenceTrainer.Result actual = TestJobs.runReference(split);

        assertThat(actual.steps()).isEqualTo(expected.steps());
        List<LayerWeights> weights = actual.weights();
        assertThat(weights).hasSameSizeAs(expected.weights());
        for (int l = 0; l < weights.size(); l++) {
            float[] a = NdArrays.toFloats(weights.get(l).weights());
            float[] e = NdArrays.toFloats(expected.weights().get(l).weights());
            assertThat(a).as("layer %d's weights", l).hasSameSizeAs(e);
            assertThat(maxDifference(a, e)).as("layer %d", l).isLessThan(WEIGHT_TOLERANCE);
        }
        assertThat(actual.epochs().get(1).testAccuracy())
                .isCloseTo(expected.epochs().get(1).testAccuracy(), within(0.02));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dfa", "bp"})
    void aSplitRunIsReproducibleBitForBit(String algorithm, @TempDir Path out) throws Exception {
        JobConfig config = TestJobs.small(out, "algorithm=" + algorithm, "runtime.shards=3");

        TestJobs.assertBitIdentical(
                TestJobs.runReference(config).weights(), TestJobs.runReference(config).weights());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dfa", "bp"})
    void oneShardIsTheWholeLayerBitForBit(String algorithm, @TempDir Path out) throws Exception {
        JobConfig whole = TestJobs.small(out.resolve("whole"), "algorithm=" + algorithm);
        JobConfig one =
                TestJobs.small(out.resolve("one"), "algorithm=" + algorithm, "runtime.shards=1");

        TestJobs.assertBitIdentical(
                TestJobs.runReference(one).weights(), TestJobs.runReference(whole).weights());
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
