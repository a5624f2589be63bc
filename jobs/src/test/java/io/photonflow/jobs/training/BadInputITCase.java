package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.data.DataFormatException;
import io.photonflow.data.Examples;
import io.photonflow.data.IdxFiles;
import io.photonflow.data.IdxImages;
import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.config.JobConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unreadable files fail the job before it starts, naming the file and the problem; unusable
 * examples become dead letters with a reason, are counted, and training goes on without them.
 */
class BadInputITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @BeforeAll
    static void data() {
        TestJobs.assumeFashionMnist();
    }

    @Test
    void truncatedIdxFileFailsNamingTheFile(@TempDir Path out) throws Exception {
        Path images = out.resolve("train-images-idx3-ubyte.gz");
        byte[] original = gunzip(TestJobs.FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"));
        gzip(images, Arrays.copyOf(original, 16 + 784 * 10 + 100));
        JobConfig config = TestJobs.small(out, "data.train.images=" + images);

        assertThatThrownBy(() -> TrainingJob.plan(config))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void wrongMagicNumberFailsNamingTheFile(@TempDir Path out) throws Exception {
        Path labels = out.resolve("labels.gz");
        // An image file where labels are expected.
        Files.copy(TestJobs.FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"), labels);
        JobConfig config = TestJobs.small(out, "data.test.labels=" + labels);

        assertThatThrownBy(() -> TrainingJob.plan(config))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("magic");
    }

    @Test
    void invalidExamplesBecomeCountedDeadLettersAndTrainingGoesOn(@TempDir Path out)
            throws Exception {
        List<Example> train = fashionMnistExamples("train", 1000);
        List<Example> bad =
                List.of(
                        example("short", new float[783], 1),
                        example("nan", withValue(Float.NaN), 2),
                        example("infinite", withValue(Float.POSITIVE_INFINITY), 3),
                        example("label-10", new float[784], 10),
                        example("label-minus-1", new float[784], -1));
        List<Example> mixed = new ArrayList<>(train);
        for (int i = 0; i < bad.size(); i++) {
            mixed.add(200 * (i + 1), bad.get(i));
        }
        Path trainFile = writeAvro(out.resolve("train.avro"), mixed);
        Path testFile = writeAvro(out.resolve("test.avro"), fashionMnistExamples("t10k", 300));
        JobConfig config =
                TestJobs.small(
                        out,
                        "data.train={avro: " + trainFile + "}",
                        "data.test={avro: " + testFile + "}",
                        "data.train-limit=0",
                        "data.test-limit=0");

        JobExecutionResult result = TestJobs.runDataflow(config);

        List<DeadLetter> letters = readDeadLetters(config);
        assertThat(letters).extracting(DeadLetter::getReason)
                .containsExactly(
                        "has 783 features, expected 784",
                        "feature 0 is NaN",
                        "feature 0 is Infinity",
                        "label 10 is outside [0, 10)",
                        "label -1 is outside [0, 10)");
        assertThat(letters.get(0).getSource()).isEqualTo("train:" + trainFile + "#200");
        assertThat(TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.DEAD_LETTERS)).isEqualTo(5);
        assertThat(TestJobs.model(config).getStep()).isEqualTo(2 * 10);
        assertThat(RunSummary.read(config.output().path(), 1).finalTestAccuracy())
                .as("learned beyond chance from the valid examples")
                .isGreaterThan(0.3);
    }

    /** The first {@code count} examples of a Fashion-MNIST split, as Example records. */
    private static List<Example> fashionMnistExamples(String prefix, int count) throws IOException {
        IdxImages images =
                IdxFiles.readImages(TestJobs.FASHION_MNIST.resolve(prefix + "-images-idx3-ubyte.gz"));
        int[] labels =
                IdxFiles.readLabels(TestJobs.FASHION_MNIST.resolve(prefix + "-labels-idx1-ubyte.gz"));
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] features = new float[images.featureCount()];
            for (int j = 0; j < features.length; j++) {
                features[j] =
                        Byte.toUnsignedInt(images.pixels()[i * features.length + j]) / 255f;
            }
            examples.add(example(prefix + "#" + i, features, labels[i]));
        }
        return examples;
    }

    private static Example example(String id, float[] features, int label) {
        return Examples.toExample(id, features, label);
    }

    private static float[] withValue(float value) {
        float[] features = new float[784];
        features[0] = value;
        return features;
    }

    private static Path writeAvro(Path file, List<Example> examples) throws IOException {
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), file.toFile());
            for (Example example : examples) {
                writer.append(example);
            }
        }
        return file;
    }

    private static List<DeadLetter> readDeadLetters(JobConfig config) throws IOException {
        List<DeadLetter> letters = new ArrayList<>();
        try (DataFileReader<DeadLetter> reader =
                new DataFileReader<>(
                        config.output().path().resolve(TrainingJob.DEAD_LETTERS_FILE).toFile(),
                        new SpecificDatumReader<>(DeadLetter.class))) {
            reader.forEach(letters::add);
        }
        return Collections.unmodifiableList(letters);
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }
}
