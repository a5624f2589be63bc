package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void keepsSourceFormatBytesAndReason() {
        byte[] bytes = {1, 2, 3};

        DeadLetter letter = DeadLetters.of("kafka:examples/3@7", "raw", bytes, "because");
        bytes[0] = 9;

        assertThat(letter.getSource()).isEqualTo("kafka:examples/3@7");
        assertThat(letter.getPayloadFormat()).isEqualTo("raw");
        assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(letter.getReason()).isEqualTo("because");
    }

    @Test
    void keepsNoBytesAsAnEmptyPayload() {
        DeadLetter letter = DeadLetters.of("kafka:examples/3@8", "raw", null, "tombstone");

        assertThat(letter.getPayload().remaining()).isZero();
    }

    @Test
    void anExampleTravelsInPlainBinaryEncodingWithOrWithoutALabel() throws IOException {
        var labelled = Examples.toExample("a", new float[] {1, 2}, 3);
        var unlabelled = Examples.unlabelled("b", new float[] {1, 2});

        DeadLetter one = DeadLetters.of("train:x#0", labelled, "r");
        DeadLetter two = DeadLetters.of("train:x#1", unlabelled, "r");

        assertThat(one.getPayloadFormat()).isEqualTo(DeadLetters.EXAMPLE_FORMAT);
        assertThat(AvroTestFiles.decodeExample(one.getPayload())).isEqualTo(labelled);
        assertThat(AvroTestFiles.decodeExample(two.getPayload())).isEqualTo(unlabelled);
    }
}
