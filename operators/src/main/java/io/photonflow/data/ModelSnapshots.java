package io.photonflow.data;

import io.photonflow.avro.LayerKind;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.LayerSpec;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.math.Algorithm;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.TrainingSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SyncableFileOutputStream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Building, writing and reading model snapshots (Avro container files of one record). */
public final class ModelSnapshots {

    private ModelSnapshots() {}

    /** One layer's parameters as an Avro record; W is rows x cols, row-major. */
    public static LayerParameters parameters(int rows, int cols, float[] weights, float[] bias) {
        return LayerParameters.newBuilder()
                .setRows(rows)
                .setCols(cols)
                .setWeights(floats(weights))
                .setBias(floats(bias))
                .build();
    }

    /** A snapshot of a network trained under {@code setup} on inputs mapped by {@code scaling}. */
    public static ModelSnapshot of(
            TrainingSetup setup,
            InputScaling scaling,
            List<LayerParameters> parameters,
            long step,
            int epoch,
            String configFingerprint) {
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerShape shape : setup.network().layers()) {
            layers.add(
                    LayerSpec.newBuilder()
                            .setKind(layerKind(setup.network()))
                            .setInputSize(shape.inputSize())
                            .setOutputSize(shape.outputSize())
                            .setActivation(shape.activation().name().toLowerCase())
                            .build());
        }
        return ModelSnapshot.newBuilder()
                .setAlgorithm(setup.algorithm().name().toLowerCase())
                .setLayers(layers)
                .setParameters(parameters)
                .setStep(step)
                .setEpoch(epoch)
                .setConfigFingerprint(configFingerprint)
                .setInputShift(scaling.shift())
                .setInputScale(scaling.scale())
                .setProjection(
                        setup.algorithm() == Algorithm.DFA
                                ? setup.projection().kind().name().toLowerCase()
                                : null)
                .build();
    }

    /** The parameters of every layer of {@code snapshot}, as ND4J arrays. */
    public static List<LayerWeights> weights(ModelSnapshot snapshot) {
        List<LayerWeights> weights = new ArrayList<>();
        for (LayerParameters layer : snapshot.getParameters()) {
            weights.add(
                    new LayerWeights(
                            NdArrays.matrix(
                                    floats(layer.getWeights()), layer.getRows(), layer.getCols()),
                            NdArrays.vector(floats(layer.getBias()))));
        }
        return weights;
    }

    /**
     * Writes {@code snapshot} to each of {@code files}, replacing each atomically ({@link
     * AtomicFiles}). The snapshot is encoded once for all of them. Equal snapshots make equal files
     * (the sync marker is derived from the content), with the permissions the process's umask gives
     * new files.
     */
    public static void write(ModelSnapshot snapshot, Path... files) throws IOException {
        byte[] encoded = encode(snapshot);
        byte[] sync = SyncMarkers.of(ModelSnapshot.getClassSchema(), encoded);
        for (Path file : files) {
            write(encoded, sync, file);
        }
    }

    private static void write(byte[] encoded, byte[] sync, Path file) throws IOException {
        AtomicFiles.replace(
                file,
                temporary -> {
                    try (DataFileWriter<ModelSnapshot> writer =
                            new DataFileWriter<>(new FloatListWriter<>(ModelSnapshot.class))) {
                        // Uncompressed: trained floats barely compress (deflate saved 7% of a
                        // default model's 22 MB), and compressing them cost a core for a third of
                        // a second at every version.
                        writer.setCodec(CodecFactory.nullCodec());
                        writer.create(
                                ModelSnapshot.getClassSchema(),
                                new SyncableFileOutputStream(temporary.toFile()),
                                sync);
                        writer.appendEncoded(ByteBuffer.wrap(encoded));
                    }
                });
    }

    private static byte[] encode(ModelSnapshot snapshot) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        new FloatListWriter<>(ModelSnapshot.class).write(snapshot, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    /**
     * Reads the snapshot in {@code file}, the layers it keeps in shard files joined back, with
     * their optimizer state ({@link ShardFiles#join}).
     */
    public static ModelSnapshot read(Path file) throws IOException {
        return ShardFiles.join(readRecord(file), folder(file), true);
    }

    /**
     * The snapshot record in {@code file} as it was written: a split layer's values stay in the
     * shard files it names.
     */
    public static ModelSnapshot readRecord(Path file) throws IOException {
        try (DataFileReader<ModelSnapshot> reader =
                new DataFileReader<>(file.toFile(), new FloatListReader<>(ModelSnapshot.class))) {
            if (!reader.hasNext()) {
                AvroFileEnd.requireComplete(file, reader, 0);
                throw new IOException(file + ": holds no model snapshot");
            }
            return reader.next();
        }
    }

    /** The folder of {@code file}, against which the shard files it names resolve. */
    public static Path folder(Path file) {
        return file.toAbsolutePath().getParent();
    }

    /** The kind of every layer of {@code network}: graph convolutions for a GCN. */
    private static LayerKind layerKind(NetworkSpec network) {
        return network.kind() == NetworkSpec.Kind.GCN
                ? LayerKind.GRAPH_CONVOLUTION
                : LayerKind.DENSE;
    }

    private static List<Float> floats(float[] values) {
        return FloatList.of(values.clone());
    }

    private static float[] floats(List<Float> values) {
        return FloatList.toArray(values);
    }
}
