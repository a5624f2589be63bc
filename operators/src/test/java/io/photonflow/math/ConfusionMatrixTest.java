package io.photonflow.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    /**
     * Rows true class, columns predicted, over 4 classes of which class 3 never occurs:
     *
     * <pre>
     *        0  1  2  3 | support
     *   0    2  1  1  0 | 4
     *   1    0  2  1  0 | 3
     *   2    1  0  1  0 | 2
     *   3    0  0  0  0 | 0
     *   pred 3  3  3  0
     * </pre>
     *
     * precision = diagonal / column: 2/3, 2/3, 1/3; recall = diagonal / row: 2/4, 2/3, 1/2; F1 = 2
     * TP / (row + column): 4/7, 4/6, 2/5.
     */
    private static ConfusionMatrix handChecked() {
        ConfusionMatrix m = new ConfusionMatrix(4);
        int[][] pairs = {{0, 0}, {0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 0}};
        for (int[] pair : pairs) {
            m.add(pair[0], pair[1]);
        }
        return m;
    }

    @Test
    void countsSupportAndPredictionsAreTheRowAndColumnSums() {
        ConfusionMatrix m = handChecked();
        assertThat(m.total()).isEqualTo(9);
        assertThat(m.correct()).isEqualTo(5);
        assertThat(m.accuracy()).isEqualTo(5.0 / 9);
        assertThat(new long[] {m.support(0), m.support(1), m.support(2), m.support(3)})
                .containsExactly(4, 3, 2, 0);
        assertThat(new long[] {m.predicted(0), m.predicted(1), m.predicted(2), m.predicted(3)})
                .containsExactly(3, 3, 3, 0);
        assertThat(m.count(0, 2)).isEqualTo(1);
        assertThat(m.count(2, 1)).isZero();
    }

    @Test
    void precisionRecallAndF1MatchHandComputedValues() {
        ConfusionMatrix m = handChecked();
        assertThat(new double[] {m.precision(0), m.precision(1), m.precision(2)})
                .containsExactly(new double[] {2.0 / 3, 2.0 / 3, 1.0 / 3}, within(1e-15));
        assertThat(new double[] {m.recall(0), m.recall(1), m.recall(2)})
                .containsExactly(new double[] {0.5, 2.0 / 3, 0.5}, within(1e-15));
        assertThat(new double[] {m.f1(0), m.f1(1), m.f1(2)})
                .containsExactly(new double[] {4.0 / 7, 4.0 / 6, 2.0 / 5}, within(1e-15));
        // F1 is the harmonic mean of precision and recall.
        for (int c = 0; c < 3; c++) {
            double p = m.precision(c);
            double r = m.recall(c);
            assertThat(m.f1(c)).isCloseTo(2 * p * r / (p + r), within(1e-15));
        }
    }

    @Test
    void aClassThatNeverOccursScoresZeroAndIsLeftOutOfTheMacroAverages() {
        ConfusionMatrix m = handChecked();
        assertThat(new double[] {m.precision(3), m.recall(3), m.f1(3)}).containsOnly(0.0);
        assertThat(m.macroPrecision()).isCloseTo((2.0 / 3 + 2.0 / 3 + 1.0 / 3) / 3, within(1e-15));
        assertThat(m.macroRecall()).isCloseTo((0.5 + 2.0 / 3 + 0.5) / 3, within(1e-15));
        assertThat(m.macroF1()).isCloseTo((4.0 / 7 + 4.0 / 6 + 2.0 / 5) / 3, within(1e-15));
    }

    @Test
    void emptyMatrixHasNoAccuracyAndRejectsClassesOutsideItsRange() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        assertThat(m.total()).isZero();
        assertThat(m.accuracy()).isNaN();
        assertThat(m.macroF1()).isNaN();
        assertThatThrownBy(() -> m.add(2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actual class 2 is outside [0, 2)");
        assertThatThrownBy(() -> m.add(0, -1)).hasMessage("predicted class -1 is outside [0, 2)");
    }
}
