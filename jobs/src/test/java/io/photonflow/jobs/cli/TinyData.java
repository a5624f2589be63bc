package io.photonflow.jobs.cli;

import io.photonflow.avro.Example;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Tiny, easily learned data sets for command-line runs that finish in seconds: {@link #CLASSES}
 * classes, each a blob of {@link #FEATURES} features around its own corner of the cube, as an Avro
 * file of {@code Example} records or as an idx pair of 4x4 images.
 */
final class TinyData {

    static final int CLASSES = 3;
    static final int FEATURES = 16;
    static final int IMAGE_SIDE = 4;

    private TinyData() {}

    /**
     * Writes {@code count} examples to an Avro container file, then {@code broken} examples with an
     * out-of-range label (ids {@code broken-0}, ...), which the loader turns into dead letters.
     */
    static Path avro(Path file, int count, int broken, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), file.toFile());
            for (int i = 0; i < count; i++) {
                int label = i % CLASSES;
                writer.append(example("example-" + i, features(random, label), label));
            }
            for (int i = 0; i < broken; i++) {
                writer.append(example("broken-" + i, features(random, 0), CLASSES + 4));
            }
        }
        return file;
    }

    /**
     * Writes {@code count} 4x4 images to {@code <prefix>-images-idx3-ubyte.gz} and their labels to
     * {@code <prefix>-labels-idx1-ubyte.gz}; returns the two files, images first.
     */
    static List<Path> idx(Path directory, String prefix, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * FEATURES];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            labels[i] = (byte) label;
            float[] features = features(random, label);
            for (int j = 0; j < FEATURES; j++) {
                // features lie in about [-0.5, 1.5]: mapped into the byte range, clamped.
                int value = Math.round(255 * (features[j] + 0.5f) / 2);
                pixels[i * FEATURES + j] = (byte) Math.max(0, Math.min(255, value));
            }
        }
        Path images = directory.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labelFile = directory.resolve(prefix + "-labels-idx1-ubyte.gz");
        Files.write(images, gzip(idx(new int[] {0x803, count, IMAGE_SIDE, IMAGE_SIDE}, pixels)));
        Files.write(labelFile, gzip(idx(new int[] {0x801, count}, labels)));
        return List.of(images, labelFile);
    }

    /** Every record of an Avro container file. */
    static <T extends SpecificRecord> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> records = new ArrayList<>();
        try (DataFileReader<T> reader =
                new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
            reader.forEach(records::add);
        }
        return records;
    }

    /** A point near the corner of class {@code label}: feature j is high when j % 3 == label. */
    private static float[] features(SplittableRandom random, int label) {
        float[] features = new float[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            features[j] = (j % CLASSES == label ? 1f : 0f) + (float) (0.15 * random.nextGaussian());
        }
        return features;
    }

    private static Example example(String id, float[] features, int label) {
        List<Float> values = new ArrayList<>(features.length);
        for (float feature : features) {
            values.add(feature);
        }
        return Example.newBuilder().setId(id).setFeatures(values).setLabel(label).build();
    }

    private static byte[] idx(int[] header, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int value : header) {
                out.writeInt(value);
            }
            out.write(body);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
