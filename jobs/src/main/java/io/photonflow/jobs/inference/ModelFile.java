package io.photonflow.jobs.inference;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.AvroFileEnd;
import io.photonflow.data.DataFormatException;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.data.ShardFiles;
import io.photonflow.training.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;

/** Reads the model snapshot a training run wrote (model.avro, model-epoch-NNN.avro). */
public final class ModelFile {

    private ModelFile() {}

    /**
     * The model in {@code file}; fails with one line naming the file when it is missing, not Avro,
     * not a model snapshot, or a snapshot of no network that can run.
     */
    public static TrainedModel read(Path file) throws IOException {
        ModelSnapshot snapshot;
        try (DataFileReader<ModelSnapshot> reader =
                AvroContainers.open(
                        file,
                        ModelSnapshot.class,
                        ModelSnapshot.getClassSchema(),
                        "model snapshot")) {
            if (!reader.hasNext()) {
                AvroFileEnd.requireComplete(file, reader, 0);
                throw new DataFormatException(file, "holds no model snapshot");
            }
            snapshot = reader.next();
        } catch (AvroRuntimeException e) {
            throw new DataFormatException(
                    file, "cannot be read as a model snapshot (" + e.getMessage() + ")", e);
        }
        // Predicting needs the weights only: a split layer's optimizer slots stay on disk.
        snapshot = ShardFiles.join(snapshot, ModelSnapshots.folder(file), false);
        try {
            return TrainedModel.of(snapshot);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, "not a usable model snapshot: " + e.getMessage());
        }
    }
}
