package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleFileTest {

    @TempDir Path dir;

    private Path file;

    /** Where each of the four blocks ends: after records 100, 200, 300 and 312. */
    private final List<Long> blockEnds = new ArrayList<>();

    /** 312 examples in blocks of 100, 100, 100 and 12, as a file an interrupted copy cuts. */
    @BeforeEach
    void writeFourBlocks() throws IOException {
        file = dir.resolve("train.avro");
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), file.toFile());
            for (int i = 0; i < 312; i++) {
                writer.append(Examples.toExample("e" + i, new float[] {i, -i}, i % 3));
                if (i % 100 == 99 || i == 311) {
                    blockEnds.add(writer.sync());
                }
            }
        }
        assertThat(blockEnds.get(3)).isEqualTo(Files.size(file));
    }

    @Test
    void readsEveryRecordOfACompleteFileInOrder() throws IOException {
        List<String> ids = new ArrayList<>();

        int read = ExampleFile.read(file, 0, (index, example) -> ids.add(example.getId()));

        assertThat(read).isEqualTo(312);
        assertThat(ids).hasSize(312).startsWith("e0", "e1").endsWith("e311");
    }

    @Test
    void aFileCutInsideABlockFailsWithTheRecordsReadBeforeTheCut() throws IOException {
        // Inside the third block, whose 100 records Avro's reader would drop without a word.
        long length = (blockEnds.get(1) + blockEnds.get(2)) / 2;
        cut(length);
        List<Integer> seen = new ArrayList<>();

        assertThatThrownBy(() -> ExampleFile.read(file, 0, (index, example) -> seen.add(index)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        file
                                + ": Avro file cut short after 200 records (its last "
                                + (length - blockEnds.get(1))
                                + " of "
                                + length
                                + " bytes are an incomplete block, whose records are lost); copy"
                                + " or write the file again");
        assertThat(seen).hasSize(200);
    }

    @Test
    void aFileCutInsideTheLastSyncMarkerFails() throws IOException {
        cut(Files.size(file) - 3);

        assertThatThrownBy(() -> ExampleFile.read(file, 0, (index, example) -> {}))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cut short after 300 records");
    }

    @Test
    void aLimitWithinTheCompleteBlocksReadsACutFile() throws IOException {
        cut((blockEnds.get(1) + blockEnds.get(2)) / 2);

        assertThat(ExampleFile.read(file, 150, (index, example) -> {})).isEqualTo(150);
    }

    @Test
    void aLimitBeyondTheCutStillFails() throws IOException {
        cut((blockEnds.get(1) + blockEnds.get(2)) / 2);

        assertThatThrownBy(() -> ExampleFile.read(file, 250, (index, example) -> {}))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cut short after 200 records");
    }

    private void cut(long length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, (int) length));
    }
}
