package io.photonflow.data;

import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerLearner;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.ParameterState;
import io.photonflow.math.StartingPoint;
import io.photonflow.math.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A start from a model snapshot file (a batch run's {@code model.avro}, an epoch's snapshot, an
 * online model version). When the snapshot was written by a run of the same configuration (its
 * fingerprint is {@code fingerprint}) and carries its optimizer state, the run resumes exactly: it
 * continues after the snapshot's step and epoch with the optimizer state it recorded, and ends with
 * the weights of the run that wrote it, had it not stopped. Otherwise it fine-tunes: the snapshot's
 * weights at step 0, with a fresh optimizer.
 *
 * <p>The file is named, not carried, so that a job graph stays small; each process that runs a
 * layer reads it once ({@link ProcessCache}), so on a cluster it must be readable from every
 * TaskManager.
 *
 * @param file the snapshot file
 * @param fingerprint the fingerprint of the configuration of the run that starts from it
 */
public record SnapshotStart(String file, String fingerprint) implements StartingPoint {

    /** Whether the run resumes the one that wrote the snapshot, rather than fine-tuning from it. */
    public boolean resumes() {
        ModelSnapshot snapshot = snapshot();
        return snapshot.getOptimizerState() != null
                && fingerprint.equals(snapshot.getConfigFingerprint().toString());
    }

    @Override
    public long step() {
        return resumes() ? snapshot().getStep() : 0;
    }

    @Override
    public int epoch() {
        return resumes() ? snapshot().getEpoch() : 0;
    }

    @Override
    public LayerLearner learner(Layer layer, OptimizerSpec spec, long totalSteps) {
        if (!resumes()) {
            return StartingPoint.super.learner(layer, spec, totalSteps);
        }
        return learner(layer, spec, totalSteps, layer.shape(), 0, layer.shape().outputSize());
    }

    /**
     * A shard of a resumed run takes its columns of the layer's weights and optimizer slots; the
     * layer's count of dropped updates goes to its first shard, so that the shards' sum, which the
     * next snapshot records, stays the count.
     */
    @Override
    public LayerLearner learner(
            Layer layer, OptimizerSpec spec, long totalSteps, LayerShape whole, int from, int to) {
        if (!resumes()) {
            return StartingPoint.super.learner(layer, spec, totalSteps, whole, from, to);
        }
        ModelSnapshot snapshot = snapshot();
        LayerOptimizerState state = snapshot.getOptimizerState().get(whole.index());
        boolean all = from == 0 && to == whole.outputSize();
        LayerWeights weights = all ? of(whole) : of(whole, from, to);
        return Workspaces.detached(
                () ->
                        new LayerLearner(
                                layer,
                                spec,
                                totalSteps,
                                weights,
                                new ParameterState(
                                        state.getWeightSteps(),
                                        slots(state.getWeightSlots(), whole, from, to, false)),
                                new ParameterState(
                                        state.getBiasSteps(),
                                        slots(state.getBiasSlots(), whole, from, to, true)),
                                snapshot.getStep(),
                                from == 0 ? state.getSkippedUpdates() : 0));
    }

    /**
     * The snapshot in {@code file}, after checking that it holds a network of exactly {@code
     * shapes}: the client calls this before a job starts, so that a wrong file fails at once with
     * one line naming both networks.
     *
     * @throws DataFormatException when the file is not a snapshot or its network differs
     */
    public static ModelSnapshot check(Path file, List<LayerShape> shapes) throws IOException {
        ModelSnapshot snapshot = cached(file);
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
            ModelSnapshot snapshot = snapshot();
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

    private ModelSnapshot snapshot() {
        try {
            return cached(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The snapshot in {@code file}, read once per process while the file stays unchanged. */
    private static ModelSnapshot cached(Path file) throws IOException {
        return ProcessCache.get(
                List.of(SnapshotStart.class, file), List.of(file), () -> read(file));
    }

    /**
     * Columns [from, to) of optimizer slots of W (rows x outputs of {@code whole}) or, where {@code
     * bias}, of b; outside any workspace.
     */
    private static List<INDArray> slots(
            List<List<Float>> slots, LayerShape whole, int from, int to, boolean bias) {
        List<INDArray> arrays = new ArrayList<>();
        for (List<Float> slot : slots) {
            float[] values = FloatList.toArray(slot);
            if (bias) {
                arrays.add(NdArrays.vector(Arrays.copyOfRange(values, from, to)));
                continue;
            }
            INDArray matrix = NdArrays.matrix(values, whole.inputSize(), whole.outputSize());
            arrays.add(
                    from == 0 && to == whole.outputSize()
                            ? matrix
                            : NdArrays.columnBlock(matrix, from, to));
        }
        return arrays;
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
