package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SplitSourceTest {

    @Test
    void acceptsAnIdxPair() {
        SplitSource source = new SplitSource("i.gz", "l.gz", null);

        assertThat(source.problems("data.train")).isEmpty();
        assertThat(source.usesAvro()).isFalse();
    }

    @Test
    void acceptsAnAvroFile() {
        SplitSource source = new SplitSource(null, null, "train.avro");

        assertThat(source.problems("data.train")).isEmpty();
        assertThat(source.usesAvro()).isTrue();
    }

    @Test
    void rejectsBothKinds() {
        assertThat(new SplitSource("i.gz", null, "train.avro").problems("data.train"))
                .containsExactly(
                        "data.train: give either images and labels (idx files) or avro, not"
                                + " both");
    }

    @Test
    void rejectsNeitherKind() {
        assertThat(new SplitSource(null, " ", "").problems("data.test"))
                .containsExactly("data.test: give either images and labels (idx files) or avro");
    }

    @Test
    void namesTheMissingHalfOfAnIdxPair() {
        assertThat(new SplitSource("i.gz", null, null).problems("data.train"))
                .containsExactly("data.train.labels is missing");
        assertThat(new SplitSource("", "l.gz", null).problems("data.train"))
                .containsExactly("data.train.images is missing");
    }
}
