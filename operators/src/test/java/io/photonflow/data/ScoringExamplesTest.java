package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.math.SoftmaxCrossEntropy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringExamplesTest {

    @TempDir Path dir;

    @Test
    void avroExamplesKeepTheirIdsAndMayComeWithoutLabels() throws Exception {
        Path file = dir.resolve("examples.avro");
        AvroTestFiles.write(
                file,
                List.of(
                        Examples.toExample("a", new float[] {1f, 2f}, 1),
                        Examples.unlabelled("b", new float[] {3f, 4f}),
                        Examples.toExample("bad-label", new float[] {5f, 6f}, 7),
                        Examples.toExample("c", new float[] {7f, 8f}, 0)));

        ScoringExamples loaded =
                ScoringExamples.load(new SplitSource(null, null, file.toString()), "use", 2, 3, 0);

        assertThat(loaded.ids()).containsExactly("a", "b", "c");
        assertThat(loaded.examples().labels(new int[] {0, 1, 2}))
                .containsExactly(1, SoftmaxCrossEntropy.UNLABELLED, 0);
        assertThat(loaded.examples().rows(new int[] {1})).containsExactly(3f, 4f);
        assertThat(loaded.rejected()).hasSize(1);
        assertThat(loaded.rejected().get(0).getSource()).isEqualTo("use:" + file + "#2");
        assertThat(loaded.rejected().get(0).getReason()).isEqualTo("label 7 is outside [0, 3)");

        ScoringExamples labelled = loaded.labelledOnly();
        assertThat(labelled.ids()).containsExactly("a", "c");
        assertThat(labelled.examples().rows(new int[] {0, 1})).containsExactly(1f, 2f, 7f, 8f);
    }

    @Test
    void idxImagesWithoutLabelsAreUnlabelledAndScaledLikeTraining() throws Exception {
        Path images = dir.resolve("images.idx");
        Files.write(
                images, IdxTestFiles.images(3, 1, 2, new byte[] {0, (byte) 255, 51, 102, 1, 2}));

        ScoringExamples loaded =
                ScoringExamples.load(
                        new SplitSource(images.toString(), null, null), "use", 2, 10, 2);

        assertThat(loaded.ids()).containsExactly(images + "#0", images + "#1");
        assertThat(loaded.examples().rows(new int[] {0, 1}))
                .containsExactly(0f, 1f, 51 / 255f, 102 / 255f);
        assertThat(loaded.examples().labels(new int[] {0, 1}))
                .containsOnly(SoftmaxCrossEntropy.UNLABELLED);
        assertThat(loaded.scaled(new InputScaling(0.5f, 2f)).examples().rows(new int[] {0}))
                .containsExactly(-0.25f, 0.25f);
    }

    @Test
    void examplesOfAnotherWidthNameBothWidths() throws Exception {
        Path avro = dir.resolve("wide.avro");
        AvroTestFiles.write(avro, List.of(Examples.toExample("a", new float[] {1f, 2f, 3f}, 0)));
        assertThatThrownBy(
                        () ->
                                ScoringExamples.load(
                                        new SplitSource(null, null, avro.toString()),
                                        "use",
                                        2,
                                        3,
                                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(avro + ": its examples have 3 features but the model's input is 2");

        Path images = dir.resolve("images.idx");
        Files.write(images, IdxTestFiles.images(1, 2, 2, new byte[4]));
        assertThatThrownBy(
                        () ->
                                ScoringExamples.load(
                                        new SplitSource(images.toString(), null, null),
                                        "use",
                                        784,
                                        10,
                                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(images + ": images are 2x2 = 4 features but the model's input is 784");
    }
}
