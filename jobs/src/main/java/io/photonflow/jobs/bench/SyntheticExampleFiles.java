package io.photonflow.jobs.bench;

import io.photonflow.avro.Example;
import io.photonflow.data.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Seeded synthetic classification data for the benchmark where Fashion-MNIST is not installed: Avro
 * container files of {@link Example} records, every class a random prototype (entries N(0, 1))
 * scaled by 0.3 plus unit Gaussian noise in every feature. Only the arithmetic's cost matters to a
 * throughput and latency benchmark, and that depends on the shapes alone.
 */
final class SyntheticExampleFiles {

    private static final double SIGNAL = 0.3;

    private SyntheticExampleFiles() {}

    /** The train and test files written. */
    record Splits(Path train, Path test) {}

    /** Writes {@code train.avro} and {@code test.avro} into {@code directory}. */
    static Splits write(Path directory, int train, int test, int features, int classes, long seed)
            throws IOException {
        Files.createDirectories(directory);
        Random prototypesRandom = new Random(seed);
        float[][] prototypes = new float[classes][features];
        for (float[] prototype : prototypes) {
            for (int f = 0; f < features; f++) {
                prototype[f] = (float) (SIGNAL * prototypesRandom.nextGaussian());
            }
        }
        Path trainFile = directory.resolve("train.avro");
        Path testFile = directory.resolve("test.avro");
        write(trainFile, "synthetic-train#", train, prototypes, new Random(seed * 31 + 1));
        write(testFile, "synthetic-test#", test, prototypes, new Random(seed * 31 + 2));
        return new Splits(trainFile, testFile);
    }

    private static void write(
            Path file, String idPrefix, int count, float[][] prototypes, Random random)
            throws IOException {
        int features = prototypes[0].length;
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), file.toFile());
            float[] row = new float[features];
            for (int i = 0; i < count; i++) {
                int label = random.nextInt(prototypes.length);
                for (int f = 0; f < features; f++) {
                    row[f] = prototypes[label][f] + (float) random.nextGaussian();
                }
                writer.append(Examples.toExample(idPrefix + i, row, label));
            }
        }
    }
}
