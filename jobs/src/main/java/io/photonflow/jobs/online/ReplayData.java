package io.photonflow.jobs.online;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.data.DataFormatException;
import io.photonflow.data.DataSpec;
import io.photonflow.data.Dataset;
import io.photonflow.data.DatasetLoader;
import io.photonflow.data.LoadedSplit;
import io.photonflow.data.SplitSource;
import io.photonflow.jobs.config.JobConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * A split loaded for replay onto a topic: the examples that the training loader accepts ({@link
 * DatasetLoader}, so that the job's {@code data.*} keys apply: files, limits, the network's input
 * width and classes), each with an id. The examples of an Avro file keep their own ids; those of an
 * idx pair are {@code <images file name>#<index in the file>}. Features are as the files hold them
 * (idx pixels scaled to [0, 1]): {@code data.normalization} does not apply, since the online job
 * learns from features as they arrive.
 *
 * @param ids the id of every example of {@code dataset}, row by row
 * @param dataset the usable examples
 * @param rejected the examples the loader rejected (not replayed)
 */
public record ReplayData(List<String> ids, Dataset dataset, List<DeadLetter> rejected) {

    /** The split names {@link #load} takes. */
    public enum Split {
        TRAIN,
        TEST
    }

    public ReplayData {
        ids = List.copyOf(ids);
        rejected = List.copyOf(rejected);
        if (ids.size() != dataset.size()) {
            throw new IllegalArgumentException(
                    ids.size() + " ids for " + dataset.size() + " examples");
        }
    }

    /** Loads {@code split} ({@code data.train} or {@code data.test}) of {@code config}. */
    public static ReplayData load(JobConfig config, Split split) throws IOException {
        DataSpec data = config.data();
        if (data.isGraph()) {
            throw new IllegalArgumentException(
                    "data.graph is a graph for batch training; produce replays examples"
                            + " (data.train, data.test)");
        }
        boolean train = split == Split.TRAIN;
        String name = train ? "train" : "test";
        SplitSource source = train ? data.train() : data.test();
        int limit = train ? data.trainLimit() : data.testLimit();
        LoadedSplit loaded =
                DatasetLoader.load(
                        source, name, config.network().input(), config.network().classes(), limit);
        int records = loaded.dataset().size() + loaded.rejected().size();
        BitSet rejectedAt = new BitSet(records);
        for (DeadLetter letter : loaded.rejected()) {
            rejectedAt.set(fileIndex(letter));
        }
        List<String> fileIds = source.usesAvro() ? avroIds(Path.of(source.avro()), records) : null;
        String idxName =
                source.usesAvro() ? null : Path.of(source.images()).getFileName().toString();
        List<String> ids = new ArrayList<>(loaded.dataset().size());
        for (int i = 0; i < records; i++) {
            if (!rejectedAt.get(i)) {
                ids.add(fileIds != null ? fileIds.get(i) : idxName + "#" + i);
            }
        }
        return new ReplayData(ids, loaded.dataset(), loaded.rejected());
    }

    /**
     * The position in its file of a rejected example: the loader names it {@code
     * <split>:<file>#<index>}.
     */
    private static int fileIndex(DeadLetter letter) {
        String source = letter.getSource().toString();
        return Integer.parseInt(source.substring(source.lastIndexOf('#') + 1));
    }

    /** The ids of the first {@code count} records of an Avro file, read without their features. */
    private static List<String> avroIds(Path file, int count) throws IOException {
        Schema full = Example.getClassSchema();
        Schema idOnly =
                Schema.createRecord(
                        full.getName(),
                        full.getDoc(),
                        full.getNamespace(),
                        false,
                        List.of(
                                new Schema.Field(
                                        "id", full.getField("id").schema(), null, (Object) null)));
        List<String> ids = new ArrayList<>(count);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                DataFileStream<GenericRecord> records =
                        new DataFileStream<>(in, new GenericDatumReader<>(idOnly, idOnly))) {
            GenericRecord record = null;
            while (ids.size() < count && records.hasNext()) {
                record = records.next(record);
                ids.add(Objects.toString(record.get("id")));
            }
        } catch (AvroRuntimeException e) {
            throw new DataFormatException(file, "cannot read the ids: " + e.getMessage(), e);
        }
        if (ids.size() < count) {
            throw new DataFormatException(
                    file, "has " + ids.size() + " records, the loader read " + count);
        }
        return ids;
    }
}
