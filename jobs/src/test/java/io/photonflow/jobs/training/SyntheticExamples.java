package io.photonflow.jobs.training;

import io.photonflow.avro.Example;
import io.photonflow.data.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A small seeded classification data set that the tests make themselves, so that the main
 * correctness tests run on every machine, Fashion-MNIST installed or not: {@value #FEATURES}
 * features and {@value #CLASSES} classes, the shape of Fashion-MNIST's inputs. Every class has one
 * random prototype p_c (entries N(0, 1)); an example of class c is {@value #SIGNAL} p_c plus N(0,
 * 1) noise in every feature, its class drawn uniformly. The classes overlap enough that the tests'
 * few dozen steps of DFA end well above chance (0.1) but short of perfect, and the features are
 * arbitrary floats, so the arithmetic that the dataflow must reproduce bit for bit is exercised as
 * with real data.
 *
 * <p>Everything is drawn from {@link Random}, whose sequence Java specifies, so a seed gives the
 * same files on every JVM: the prototypes from the seed, each split's examples from the seed and
 * the split's name (the splits share the prototypes and nothing else).
 */
public final class SyntheticExamples {

    public static final int FEATURES = 784;
    public static final int CLASSES = 10;

    /** Prototype amplitude relative to the unit noise: the per-feature signal-to-noise ratio. */
    static final double SIGNAL = 0.3;

    static final long SEED = 20_240_601L;

    private SyntheticExamples() {}

    /** Avro container files of {@code io.photonflow.avro.Example} records. */
    record Splits(Path train, Path test) {}

    /**
     * Writes {@code train} training and {@code test} test examples of the data set of {@link #SEED}
     * into {@code directory}, as {@code train.avro} and {@code test.avro}.
     */
    static Splits write(Path directory, int train, int test) throws IOException {
        Files.createDirectories(directory);
        return new Splits(
                write(directory.resolve("train.avro"), examples("train", train)),
                write(directory.resolve("test.avro"), examples("test", test)));
    }

    /** The first {@code count} examples of split {@code split} of the data set of {@link #SEED}. */
    public static List<Example> examples(String split, int count) {
        float[][] prototypes = prototypes(SEED);
        Random random = new Random(SEED * 31 + split.hashCode());
        List<Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            float[] features = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                features[j] = (float) (SIGNAL * prototypes[label][j] + random.nextGaussian());
            }
            examples.add(Examples.toExample(split + "#" + i, features, label));
        }
        return examples;
    }

    /** Writes {@code examples} into the Avro container file {@code file}. */
    static Path write(Path file, List<Example> examples) throws IOException {
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), file.toFile());
            for (Example example : examples) {
                writer.append(example);
            }
        }
        return file;
    }

    private static float[][] prototypes(long seed) {
        Random random = new Random(seed);
        float[][] prototypes = new float[CLASSES][FEATURES];
        for (float[] prototype : prototypes) {
            for (int j = 0; j < FEATURES; j++) {
                prototype[j] = (float) random.nextGaussian();
            }
        }
        return prototypes;
    }
}
