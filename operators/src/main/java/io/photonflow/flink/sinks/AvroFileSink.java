package io.photonflow.flink.sinks;

import io.photonflow.data.FloatListWriter;
import io.photonflow.data.SyncMarkers;
import io.photonflow.flink.failures.FailFast;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SyncableFileOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Appends records to one Avro container file, exactly once across failures: every checkpoint ends
 * an Avro block and records the file length; a restored writer cuts the file back to that length
 * and appends from there, so records written after the checkpoint are not duplicated. The file is
 * readable by any Avro reader at all times (up to its last complete block), and its sync marker is
 * derived from its schema and name, so that equal records make equal files.
 *
 * <p>Run it with parallelism 1: it writes a single file. The file system must support truncation
 * (local disks and shared POSIX mounts do).
 *
 * @param <T> the generated Avro record class
 */
public final class AvroFileSink<T extends SpecificRecord>
        implements Sink<T>, SupportsWriterState<T, Long> {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final Class<T> type;

    /**
     * @param file the file to write (created, or replaced when the job starts fresh)
     * @param type the record class
     */
    public AvroFileSink(Path file, Class<T> type) {
        this.file = file.toAbsolutePath().toString();
        this.type = type;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, Long> restoreWriter(
            WriterInitContext context, Collection<Long> recoveredState) throws IOException {
        if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
            throw new IllegalStateException(
                    "AvroFileSink for " + file + " must run with parallelism 1");
        }
        return open(recoveredState.stream().findFirst());
    }

    /**
     * A writer of a fresh file, or of the file cut back to {@code resumeAt} bytes. A failure that
     * no restart can fix (a full disk, a folder where the file belongs) ends the job at once, here
     * and in the writer ({@link FailFast}).
     */
    StatefulSinkWriter<T, Long> open(Optional<Long> resumeAt) throws IOException {
        try {
            return openFile(resumeAt);
        } catch (IOException e) {
            FailFast.ifPermanent(e);
            throw e;
        }
    }

    private StatefulSinkWriter<T, Long> openFile(Optional<Long> resumeAt) throws IOException {
        Path path = Paths.get(file);
        DataFileWriter<T> writer = new DataFileWriter<>(new FloatListWriter<>(type));
        if (resumeAt.isEmpty()) {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Schema schema = schema();
            writer.create(
                    schema,
                    new SyncableFileOutputStream(path.toFile()),
                    SyncMarkers.of(schema, path.getFileName().toString()));
        } else {
            long length = resumeAt.get();
            if (!Files.exists(path) || Files.size(path) < length) {
                throw new IOException(
                        path
                                + ": cannot resume writing at byte "
                                + length
                                + ": the file is missing or shorter than at the checkpoint");
            }
            try (RandomAccessFile truncating = new RandomAccessFile(path.toFile(), "rw")) {
                truncating.setLength(length);
            }
            writer.appendTo(path.toFile());
        }
        return new Writer<>(writer);
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new LengthSerializer();
    }

    private Schema schema() {
        try {
            return (Schema) type.getMethod("getClassSchema").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not a generated Avro record class", e);
        }
    }

    private static final class Writer<T> implements StatefulSinkWriter<T, Long> {

        private final DataFileWriter<T> writer;

        Writer(DataFileWriter<T> writer) {
            this.writer = writer;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            FailFast.run(() -> writer.append(element));
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            FailFast.run(writer::flush);
        }

        @Override
        public List<Long> snapshotState(long checkpointId) throws IOException {
            long[] length = new long[1];
            FailFast.run(
                    () -> {
                        length[0] = writer.sync();
                        writer.flush();
                    });
            return List.of(length[0]);
        }

        @Override
        public void close() throws IOException {
            FailFast.run(writer::close);
        }
    }

    private static final class LengthSerializer implements SimpleVersionedSerializer<Long> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Long length) {
            return ByteBuffer.allocate(Long.BYTES).putLong(length).array();
        }

        @Override
        public Long deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 || serialized.length != Long.BYTES) {
                throw new IOException("unknown AvroFileSink state, version " + version);
            }
            return ByteBuffer.wrap(serialized).getLong();
        }
    }
}
