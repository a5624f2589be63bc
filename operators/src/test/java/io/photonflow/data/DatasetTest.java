package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTest {

    // Three examples of two features: row r holds (r, 10 r), labelled 5 + r.
    private final Dataset dataset =
            new Dataset(new float[] {0, 0, 1, 10, 2, 20}, new int[] {5, 6, 7}, 2);

    @Test
    void knowsItsShape() {
        assertThat(dataset.size()).isEqualTo(3);
        assertThat(dataset.featureCount()).isEqualTo(2);
        assertThat(dataset.label(2)).isEqualTo(7);
    }

    @Test
    void gathersRowsInTheGivenOrder() {
        assertThat(dataset.rows(new int[] {2, 0, 2})).containsExactly(2, 20, 0, 0, 2, 20);
        assertThat(dataset.labels(new int[] {2, 0, 2})).containsExactly(7, 5, 7);
    }

    @Test
    void gatheredRowsAreCopies() {
        float[] rows = dataset.rows(new int[] {1});
        rows[0] = 99;

        assertThat(dataset.rows(new int[] {1})).containsExactly(1, 10);
    }

    @Test
    void rejectsARowOutsideTheDataset() {
        assertThatThrownBy(() -> dataset.rows(new int[] {3}))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> dataset.label(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void headKeepsTheFirstExamples() {
        Dataset head = dataset.head(2);

        assertThat(head.size()).isEqualTo(2);
        assertThat(head.rows(new int[] {0, 1})).containsExactly(0, 0, 1, 10);
        assertThat(head.labels(new int[] {0, 1})).containsExactly(5, 6);
    }

    @Test
    void headOfAtLeastTheSizeIsTheDatasetItself() {
        assertThat(dataset.head(3)).isSameAs(dataset);
        assertThat(dataset.head(10)).isSameAs(dataset);
    }

    @Test
    void rejectsFeaturesThatDoNotMatchTheLabels() {
        assertThatThrownBy(() -> new Dataset(new float[5], new int[3], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 examples of 2 features need 6 values, got 5");
    }

    @Test
    void rejectsANonPositiveFeatureCount() {
        assertThatThrownBy(() -> new Dataset(new float[0], new int[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
