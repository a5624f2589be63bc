package io.photonflow.flink.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroFileSinkTest {

    @Test
    void restoredWriterDropsWhatFollowedTheCheckpointAndAppendsAfterIt(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("out/metrics.avro");
        AvroFileSink<TrainingMetrics> sink = new AvroFileSink<>(file, TrainingMetrics.class);

        StatefulSinkWriter<TrainingMetrics, Long> first = sink.open(Optional.empty());
        write(first, 1, 2, 3);
        long checkpoint = first.snapshotState(1).get(0);
        write(first, 4, 5);
        first.flush(false);
        // The task fails here: records 4 and 5 are on disk but after the checkpoint.

        StatefulSinkWriter<TrainingMetrics, Long> restored = sink.open(Optional.of(checkpoint));
        write(restored, 4, 5, 6);
        restored.flush(true);
        restored.close();

        assertThat(steps(file)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aFolderWhereTheFileBelongsEndsTheJobWithoutRestarts(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("metrics.avro"));
        AvroFileSink<TrainingMetrics> sink = new AvroFileSink<>(folder, TrainingMetrics.class);

        assertThatThrownBy(() -> sink.open(Optional.empty()))
                .isInstanceOf(SuppressRestartsException.class)
                .hasRootCauseInstanceOf(IOException.class)
                .rootCause()
                .hasMessageContaining("metrics.avro");
    }

    @Test
    void equalRecordsMakeByteIdenticalFiles(@TempDir Path dir) throws Exception {
        List<byte[]> files = new ArrayList<>();
        for (String run : List.of("first", "second")) {
            Path file = dir.resolve(run).resolve("metrics.avro");
            StatefulSinkWriter<TrainingMetrics, Long> writer =
                    new AvroFileSink<>(file, TrainingMetrics.class).open(Optional.empty());
            write(writer, 1, 2);
            writer.snapshotState(1);
            write(writer, 3);
            writer.flush(true);
            writer.close();
            files.add(Files.readAllBytes(file));
        }
        assertThat(files.get(1)).isEqualTo(files.get(0));
    }

    @Test
    void stateSerializerRoundTrips() throws Exception {
        AvroFileSink<TrainingMetrics> sink =
                new AvroFileSink<>(Path.of("unused.avro"), TrainingMetrics.class);
        var serializer = sink.getWriterStateSerializer();
        assertThat(
                        serializer.deserialize(
                                serializer.getVersion(), serializer.serialize(123456789L)))
                .isEqualTo(123456789L);
    }

    @Test
    void refusesToResumeAFileThatLostData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.avro");
        Files.write(file, new byte[10]);
        AvroFileSink<TrainingMetrics> sink = new AvroFileSink<>(file, TrainingMetrics.class);
        assertThatThrownBy(() -> sink.open(Optional.of(500L)))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("shorter than at the checkpoint");
    }

    private static void write(SinkWriter<TrainingMetrics> writer, long... steps)
            throws IOException, InterruptedException {
        for (long step : steps) {
            writer.write(
                    TrainingMetrics.newBuilder()
                            .setSplit(MetricsSplit.TRAIN)
                            .setStep(step)
                            .setEpoch(1)
                            .setExamples(1)
                            .setLoss(0)
                            .setAccuracy(0)
                            .setSamplesPerSecond(0)
                            .build(),
                    null);
        }
    }

    private static List<Long> steps(Path file) throws IOException {
        List<Long> steps = new ArrayList<>();
        try (DataFileReader<TrainingMetrics> reader =
                new DataFileReader<>(
                        file.toFile(), new SpecificDatumReader<>(TrainingMetrics.class))) {
            reader.forEach(metrics -> steps.add(metrics.getStep()));
        }
        return steps;
    }
}
