package io.photonflow.data;

import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.ParameterRows;
import io.photonflow.avro.ShardFile;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SyncableFileOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The files in which a model snapshot keeps the column shards of split layers, one per shard: each
 * shard's update task writes its own block of W, b and their optimizer slots, so that no process
 * holds a whole layer, and the snapshot ({@link ModelSnapshot#getShardFiles}) names the files.
 *
 * <p>A shard file is an Avro container of {@link ParameterRows} records of at most {@link
 * #RECORD_VALUES} values each: a 16384 x 4096 block is 64 records, so neither the writer nor a
 * reader ever buffers more than one of them. Its metadata says which layer, shard, columns, step
 * and epoch it holds, and {@link #join} checks them against the snapshot that names it.
 */
public final class ShardFiles {

    /** The most values one record holds (1 MiB of floats). */
    static final int RECORD_VALUES = 1 << 18;

    private static final String WEIGHTS = "weights";
    private static final String BIAS = "bias";
    private static final String SLOT = "-slot-";

    private static final String LAYER = "photonflow.layer";
    private static final String SHARD = "photonflow.shard";
    private static final String FROM = "photonflow.from-column";
    private static final String TO = "photonflow.to-column";
    private static final String STEP = "photonflow.step";
    private static final String EPOCH = "photonflow.epoch";

    private ShardFiles() {}

    /**
     * The file of shard {@code shard} of layer {@code layer} in the snapshot after {@code epoch},
     * relative to the snapshot's folder: every snapshot of that epoch names the same file.
     */
    public static String name(int epoch, int layer, int shard) {
        return String.format(
                "%s/%s/layer-%d-shard-%d.avro", FOLDER, epochFolder(epoch), layer, shard);
    }

    /** The folder of a snapshot's folder that holds the shard files, one folder per epoch. */
    public static final String FOLDER = "model-shards";

    /**
     * The folder, below {@link #FOLDER}, of the shard files of the snapshot after {@code epoch}.
     */
    public static String epochFolder(int epoch) {
        return String.format("epoch-%03d", epoch);
    }

    /**
     * The shard files the snapshot in {@code file} names, as real paths, those that exist: read
     * from the snapshot itself, which holds no values of its split layers.
     */
    public static Set<Path> named(Path file) throws IOException {
        ModelSnapshot snapshot = ModelSnapshots.readRecord(file);
        Set<Path> files = new HashSet<>();
        if (snapshot.getShardFiles() != null) {
            for (ShardFile entry : snapshot.getShardFiles()) {
                Path shard = ModelSnapshots.folder(file).resolve(entry.getFile().toString());
                if (Files.exists(shard)) {
                    files.add(shard.toRealPath());
                }
            }
        }
        return files;
    }

    /**
     * Writes {@code entry}'s shard, at {@code step} and {@code epoch}, into {@code folder}: its
     * weights and, in the optimizer's order, the slots of W and of b. The file is replaced
     * atomically; equal shards make equal files.
     */
    public static void write(
            Path folder,
            ShardFile entry,
            long step,
            int epoch,
            LayerWeights weights,
            List<INDArray> weightSlots,
            List<INDArray> biasSlots)
            throws IOException {
        AtomicFiles.replace(
                folder.resolve(entry.getFile()),
                temporary -> {
                    try (DataFileWriter<ParameterRows> writer =
                            new DataFileWriter<>(new FloatListWriter<>(ParameterRows.class))) {
                        writer.setCodec(CodecFactory.nullCodec());
                        writer.setMeta(LAYER, entry.getLayer());
                        writer.setMeta(SHARD, entry.getShard());
                        writer.setMeta(FROM, entry.getFromColumn());
                        writer.setMeta(TO, entry.getToColumn());
                        writer.setMeta(STEP, step);
                        writer.setMeta(EPOCH, epoch);
                        writer.create(
                                ParameterRows.getClassSchema(),
                                new SyncableFileOutputStream(temporary.toFile()),
                                SyncMarkers.of(
                                        ParameterRows.getClassSchema(),
                                        entry.getFile() + "@" + step));
                        append(writer, WEIGHTS, weights.weights());
                        append(writer, BIAS, row(weights.bias()));
                        for (int slot = 0; slot < weightSlots.size(); slot++) {
                            append(writer, slotOf(WEIGHTS, slot), weightSlots.get(slot));
                        }
                        for (int slot = 0; slot < biasSlots.size(); slot++) {
                            append(writer, slotOf(BIAS, slot), row(biasSlots.get(slot)));
                        }
                    }
                });
    }

    /** The name of the optimizer's slot {@code slot} of {@code parameter} in a shard file. */
    private static String slotOf(String parameter, int slot) {
        return parameter + SLOT + slot;
    }

    private static INDArray row(INDArray vector) {
        return vector.reshape(1, vector.length());
    }

    /** Appends {@code matrix} (rows x cols) as records of whole rows. */
    private static void append(DataFileWriter<ParameterRows> writer, String name, INDArray matrix)
            throws IOException {
        int rows = (int) matrix.rows();
        int cols = (int) matrix.columns();
        int rowsPerRecord = Math.max(1, RECORD_VALUES / Math.max(1, cols));
        for (int first = 0; first < rows; first += rowsPerRecord) {
            int last = Math.min(rows, first + rowsPerRecord);
            float[] values =
                    NdArrays.toFloats(
                            matrix.get(NDArrayIndex.interval(first, last), NDArrayIndex.all()));
            writer.append(
                    ParameterRows.newBuilder()
                            .setParameter(name)
                            .setFirstRow(first)
                            .setCols(cols)
                            .setValues(FloatList.of(values))
                            .build());
        }
    }

    /**
     * {@code snapshot} with every split layer's parameters read from its shard files in {@code
     * folder} and joined in column order, and, where {@code withOptimizerState} and the snapshot
     * has one, the optimizer slots too (else the joined snapshot carries weights only: no optimizer
     * state); a snapshot without shard files as it is. Fails naming the file when one is missing,
     * is not a shard file, or holds another shard, step or epoch than the snapshot says.
     */
    public static ModelSnapshot join(
            ModelSnapshot snapshot, Path folder, boolean withOptimizerState) throws IOException {
        if (snapshot.getShardFiles() == null) {
            return snapshot;
        }
        ModelSnapshot joined = ModelSnapshot.newBuilder(snapshot).setShardFiles(null).build();
        List<LayerParameters> parameters = new ArrayList<>(snapshot.getParameters());
        List<LayerOptimizerState> optimizer =
                withOptimizerState && snapshot.getOptimizerState() != null
                        ? new ArrayList<>(snapshot.getOptimizerState())
                        : null;
        Map<Integer, Layer> layers = new HashMap<>();
        for (ShardFile entry : snapshot.getShardFiles()) {
            int l = entry.getLayer();
            if (l < 0 || l >= parameters.size()) {
                throw new DataFormatException(
                        "the snapshot names a shard file of layer "
                                + l
                                + ", which it does not have");
            }
            Layer layer =
                    layers.computeIfAbsent(
                            l,
                            index ->
                                    new Layer(
                                            snapshot.getParameters().get(index),
                                            optimizer == null ? null : optimizer.get(index)));
            read(folder.resolve(entry.getFile()), entry, snapshot, layer);
        }
        for (Map.Entry<Integer, Layer> layer : layers.entrySet()) {
            parameters.set(layer.getKey(), layer.getValue().parameters());
            if (optimizer != null) {
                optimizer.set(layer.getKey(), layer.getValue().optimizerState());
            }
        }
        joined.setParameters(parameters);
        if (snapshot.getOptimizerState() != null) {
            joined.setOptimizerState(optimizer);
        }
        return joined;
    }

    private static void read(Path file, ShardFile entry, ModelSnapshot snapshot, Layer layer)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null, "a shard file the model snapshot names is missing");
        }
        try (DataFileReader<ParameterRows> reader =
                new DataFileReader<>(file.toFile(), new FloatListReader<>(ParameterRows.class))) {
            expect(file, reader, LAYER, entry.getLayer());
            expect(file, reader, SHARD, entry.getShard());
            expect(file, reader, FROM, entry.getFromColumn());
            expect(file, reader, TO, entry.getToColumn());
            expect(file, reader, STEP, snapshot.getStep());
            expect(file, reader, EPOCH, snapshot.getEpoch());
            int from = entry.getFromColumn();
            int width = entry.getToColumn() - from;
            if (from < 0 || width <= 0 || entry.getToColumn() > layer.cols) {
                throw new DataFormatException(
                        file,
                        "holds columns ["
                                + from
                                + ", "
                                + entry.getToColumn()
                                + ") of a layer of "
                                + layer.cols);
            }
            Map<String, Long> counted = new HashMap<>();
            long records = 0;
            while (reader.hasNext()) {
                ParameterRows rows = reader.next();
                records++;
                float[] target = layer.target(rows.getParameter().toString());
                if (target == null) {
                    continue;
                }
                List<Float> values = rows.getValues();
                int count = values.size() / width;
                if (rows.getCols() != width
                        || values.size() % width != 0
                        || rows.getFirstRow() < 0
                        || (long) (rows.getFirstRow() + count) * layer.cols > target.length) {
                    throw new DataFormatException(
                            file,
                            "holds a record of "
                                    + rows.getParameter()
                                    + " that does not fit the shard's "
                                    + width
                                    + " columns");
                }
                for (int r = 0; r < count; r++) {
                    FloatList.copy(
                            values,
                            r * width,
                            target,
                            (rows.getFirstRow() + r) * layer.cols + from,
                            width);
                }
                counted.merge(rows.getParameter().toString(), (long) values.size(), Long::sum);
            }
            AvroFileEnd.requireComplete(file, reader, records);
            layer.requireWhole(file, counted, width);
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | AvroRuntimeException | NumberFormatException e) {
            throw new DataFormatException(
                    file, "cannot be read as a shard file (" + e.getMessage() + ")", e);
        }
    }

    private static void expect(Path file, DataFileReader<?> reader, String key, long expected)
            throws DataFormatException {
        String value = reader.getMetaString(key);
        if (value == null || !value.equals(String.valueOf(expected))) {
            throw new DataFormatException(
                    file,
                    "is not the shard file the model snapshot names: "
                            + key
                            + " is "
                            + value
                            + ", the snapshot says "
                            + expected);
        }
    }

    /** One split layer's arrays, filled shard by shard. */
    private static final class Layer {
        private final int rows;
        private final int cols;
        private final float[] weights;
        private final float[] bias;
        private final LayerOptimizerState optimizer;
        private final float[][] weightSlots;
        private final float[][] biasSlots;

        Layer(LayerParameters shape, LayerOptimizerState optimizer) {
            this.rows = shape.getRows();
            this.cols = shape.getCols();
            this.weights = new float[Math.multiplyExact(rows, cols)];
            this.bias = new float[cols];
            this.optimizer = optimizer;
            int weightCount = optimizer == null ? 0 : optimizer.getWeightSlots().size();
            int biasCount = optimizer == null ? 0 : optimizer.getBiasSlots().size();
            this.weightSlots = new float[weightCount][];
            for (int slot = 0; slot < weightCount; slot++) {
                weightSlots[slot] = new float[weights.length];
            }
            this.biasSlots = new float[biasCount][];
            for (int slot = 0; slot < biasCount; slot++) {
                biasSlots[slot] = new float[cols];
            }
        }

        /** Where the values of {@code parameter} go; null for slots not asked for. */
        float[] target(String parameter) throws DataFormatException {
            if (parameter.equals(WEIGHTS)) {
                return weights;
            }
            if (parameter.equals(BIAS)) {
                return bias;
            }
            boolean ofWeights = parameter.startsWith(WEIGHTS + SLOT);
            if (!ofWeights && !parameter.startsWith(BIAS + SLOT)) {
                throw new DataFormatException(
                        "unknown parameter " + parameter + " in a shard file");
            }
            float[][] slots = ofWeights ? weightSlots : biasSlots;
            if (optimizer == null) {
                return null;
            }
            int slot = Integer.parseInt(parameter.substring(parameter.lastIndexOf('-') + 1));
            if (slot >= slots.length) {
                throw new DataFormatException(
                        parameter + ": the snapshot's optimizer has " + slots.length + " slots");
            }
            return slots[slot];
        }

        /** Fails unless the file gave every parameter asked for all of the shard's values. */
        void requireWhole(Path file, Map<String, Long> counted, int width)
                throws DataFormatException {
            List<String> names = new ArrayList<>(List.of(WEIGHTS, BIAS));
            for (int slot = 0; slot < weightSlots.length; slot++) {
                names.add(slotOf(WEIGHTS, slot));
            }
            for (int slot = 0; slot < biasSlots.length; slot++) {
                names.add(slotOf(BIAS, slot));
            }
            for (String name : names) {
                long expected = (long) (name.startsWith(WEIGHTS) ? rows : 1) * width;
                long got = counted.getOrDefault(name, 0L);
                if (got != expected) {
                    throw new DataFormatException(
                            file, "holds " + got + " of the shard's " + expected + " " + name);
                }
            }
        }

        /** The joined parameters, over this layer's arrays: a whole layer is not copied twice. */
        LayerParameters parameters() {
            return LayerParameters.newBuilder()
                    .setRows(rows)
                    .setCols(cols)
                    .setWeights(FloatList.of(weights))
                    .setBias(FloatList.of(bias))
                    .build();
        }

        LayerOptimizerState optimizerState() {
            return LayerOptimizerState.newBuilder(optimizer)
                    .setWeightSlots(lists(weightSlots))
                    .setBiasSlots(lists(biasSlots))
                    .build();
        }

        private static List<List<Float>> lists(float[][] slots) {
            List<List<Float>> lists = new ArrayList<>();
            for (float[] slot : slots) {
                lists.add(FloatList.of(slot));
            }
            return lists;
        }
    }
}
