package io.photonflow.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.math.NdArrays;
import io.photonflow.math.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

class ModelEvaluationTest {

    @Test
    void lossAccuracyAndConfusionOverTheLabelledRowsOfEveryMinibatch() {
        float ln2 = (float) Math.log(2);
        ModelEvaluation evaluation = new ModelEvaluation(2);
        // Row 0: logits (0, 0), label 0: loss ln 2, predicted 0 (ties go to the lower class).
        // Row 1: unlabelled, left out. Row 2: logits (0, ln 3), label 0: softmax (1/4, 3/4),
        // loss ln 4, predicted 1.
        evaluation.add(
                NdArrays.matrix(new float[] {0f, 0f, 9f, -9f}, 2, 2),
                new int[] {0, SoftmaxCrossEntropy.UNLABELLED});
        evaluation.add(NdArrays.matrix(new float[] {0f, (float) Math.log(3)}, 1, 2), new int[] {0});

        assertThat(evaluation.examples()).isEqualTo(2);
        assertThat(evaluation.loss()).isCloseTo((ln2 + Math.log(4)) / 2, within(1e-6));
        assertThat(evaluation.accuracy()).isEqualTo(0.5);
        assertThat(evaluation.confusion().count(0, 0)).isEqualTo(1);
        assertThat(evaluation.confusion().count(0, 1)).isEqualTo(1);
        assertThat(evaluation.confusion().total()).isEqualTo(evaluation.examples());
        assertThat(evaluation.confusion().accuracy()).isEqualTo(evaluation.accuracy());
    }
}
