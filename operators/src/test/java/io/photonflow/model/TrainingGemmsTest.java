package io.photonflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.math.Activation;
import io.photonflow.math.Algorithm;
import io.photonflow.math.GemmShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingGemmsTest {

    private static final NetworkSpec DEFAULT =
            new NetworkSpec(
                    NetworkSpec.Kind.DENSE, 784, List.of(1024, 1024), Activation.TANH, 10, 0);

    @Test
    void theDefaultDfaStepIsAboutSevenAndAHalfMegaflopsPerExample() {
        // Forward and weight gradient: 2 (784*1024 + 1024*1024 + 1024*10) each; the projection of
        // the 10 errors onto 2048 hidden units: 2 * 10 * 2048.
        assertThat(TrainingGemms.flopsPerExample(DEFAULT, Algorithm.DFA, 128))
                .isEqualTo(2 * 3_723_264 + 40_960);
    }

    @Test
    void backpropPassesTheErrorDownThroughEveryLayerButTheFirst() {
        assertThat(TrainingGemms.flopsPerExample(DEFAULT, Algorithm.BP, 128))
                .isEqualTo(2 * 3_723_264 + 2 * (1024 * 1024 + 1024 * 10));
    }

    @Test
    void theShapesAreTheLayersCalls() {
        NetworkSpec small =
                new NetworkSpec(NetworkSpec.Kind.DENSE, 6, List.of(4), Activation.RELU, 3, 0);
        assertThat(TrainingGemms.of(small, Algorithm.DFA, 5))
                .containsExactly(
                        new GemmShape("forward 1", 5, 6, 4, false, false),
                        new GemmShape("weight gradient 1", 6, 5, 4, true, false),
                        new GemmShape("forward 2", 5, 4, 3, false, false),
                        new GemmShape("weight gradient 2", 4, 5, 3, true, false),
                        new GemmShape("projection", 5, 3, 4, false, false));
        assertThat(TrainingGemms.of(small, Algorithm.BP, 5))
                .contains(new GemmShape("backprop 2", 5, 3, 4, false, true))
                .noneMatch(shape -> shape.role().equals("projection"));
    }

    @Test
    void graphConvolutionsAreRefused() {
        NetworkSpec gcn =
                new NetworkSpec(NetworkSpec.Kind.GCN, 1433, List.of(16), Activation.RELU, 7, 0.5);
        assertThatThrownBy(() -> TrainingGemms.of(gcn, Algorithm.DFA, 2708))
                .hasMessageContaining("is a GCN");
    }
}
