package io.photonflow.data;

import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.math.InitialWeights;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * A warm start: every layer starts from the weights of a model snapshot file (a batch run's {@code
 * model.avro}, or an epoch's snapshot) instead of seeded ones. The file is named, not carried, so
 * that a job graph stays small; each process that runs a layer reads it once ({@link
 * ProcessCache}), so on a cluster it must be readable from every TaskManager.
 *
 * @param file the snapshot file
 */
public record SnapshotWeights(String file) implements InitialWeights {

    /**
     * The snapshot in {@code file}, after checking that it holds a network of exactly {@code
     * shapes}: the client calls this before a job starts, so that a wrong file fails at once with
     * one line naming both networks.
     *
     * @throws DataFormatException when the file is not a snapshot or its network differs
     */
    public static ModelSnapshot check(Path file, List<LayerShape> shapes) throws IOException {
        ModelSnapshot snapshot = read(file);
        List<LayerParameters> layers = snapshot.getParameters();
        boolean fits = layers.size() == shapes.size();
        for (int l = 0; fits && l < shapes.size(); l++) {
            fits =
                    layers.get(l).getRows() == shapes.get(l).inputSize()
                            && layers.get(l).getCols() == shapes.get(l).outputSize();
        }
        if (!fits) {
            throw new DataFormatException(
                    file,
                    "holds a "
                            + widths(layers)
                            + " network, but the configured network is "
                            + widthsOf(shapes));
        }
        return snapshot;
    }

    @Override
    public LayerWeights of(LayerShape shape) {
        Path path = Path.of(file);
        try {
            ModelSnapshot snapshot =
                    ProcessCache.get(
                            List.of(SnapshotWeights.class, path), List.of(path), () -> read(path));
            LayerParameters layer = snapshot.getParameters().get(shape.index());
            if (layer.getRows() != shape.inputSize() || layer.getCols() != shape.outputSize()) {
                throw new DataFormatException(
                        path,
                        "layer "
                                + shape.index()
                                + " is "
                                + layer.getRows()
                                + "x"
                                + layer.getCols()
                                + ", but the configured layer is "
                                + shape.inputSize()
                                + "x"
                                + shape.outputSize());
            }
            // ModelSnapshots makes every layer's arrays; the others are garbage at once.
            return Workspaces.detached(() -> ModelSnapshots.weights(snapshot).get(shape.index()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelSnapshot read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try {
            return ModelSnapshots.read(file);
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file, "is not a model snapshot (" + e.getMessage() + ")");
        }
    }

    private static String widths(List<LayerParameters> layers) {
        StringJoiner widths = new StringJoiner("-");
        if (!layers.isEmpty()) {
            widths.add(String.valueOf(layers.get(0).getRows()));
        }
        layers.forEach(layer -> widths.add(String.valueOf(layer.getCols())));
        return widths.toString();
    }

    private static String widthsOf(List<LayerShape> shapes) {
        StringJoiner widths = new StringJoiner("-");
        widths.add(String.valueOf(shapes.get(0).inputSize()));
        shapes.forEach(shape -> widths.add(String.valueOf(shape.outputSize())));
        return widths.toString();
    }
}
