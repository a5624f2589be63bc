package io.photonflow.flink.sinks;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.flink.failures.FailFast;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes every model snapshot to its own file, {@code model-epoch-NNN.avro}, and the latest also to
 * {@code model.avro}. Files are replaced atomically, and a snapshot is a pure function of the
 * training so far, so writing one again after a recovery changes nothing.
 */
public final class ModelSnapshotSink implements Sink<ModelSnapshot> {

    private static final long serialVersionUID = 1L;

    /** The file that always holds the newest model. */
    public static final String LATEST = "model.avro";

    private final String directory;

    /**
     * @param directory where the model files go
     */
    public ModelSnapshotSink(Path directory) {
        this.directory = directory.toAbsolutePath().toString();
    }

    /** The file of the snapshot taken after {@code epoch}. */
    public static Path epochFile(Path directory, int epoch) {
        return directory.resolve(String.format("model-epoch-%03d.avro", epoch));
    }

    @Override
    public SinkWriter<ModelSnapshot> createWriter(WriterInitContext context) {
        Path root = Paths.get(directory);
        return new SinkWriter<>() {
            @Override
            public void write(ModelSnapshot snapshot, Context context) throws IOException {
                // A full disk or a folder in the way ends the job at once (FailFast).
                FailFast.run(
                        () ->
                                ModelSnapshots.write(
                                        snapshot,
                                        epochFile(root, snapshot.getEpoch()),
                                        root.resolve(LATEST)));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
