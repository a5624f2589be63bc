package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.Example;
import io.photonflow.data.DataFormatException;
import io.photonflow.data.Examples;
import io.photonflow.data.IdxTestFiles;
import io.photonflow.data.ScoringExamples;
import io.photonflow.data.SplitSource;
import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.online.ReplayData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unreadable files fail the job before it starts, naming the file and the problem; unusable
 * examples become dead letters with a reason, are counted, and training goes on without them. The
 * files are made by the tests: idx files of their own, the synthetic examples of {@link
 * SyntheticExamples}.
 */
class BadInputITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster(REPORTER);

    @Test
    void truncatedIdxFileFailsNamingTheFile(@TempDir Path out) throws Exception {
        // The header announces 2,000 images of 28x28; the file ends inside the eleventh.
        Path images = out.resolve("train-images-idx3-ubyte.gz");
        Files.write(
                images,
                IdxTestFiles.gzip(
                        IdxTestFiles.images(2000, 28, 28, IdxTestFiles.pixels(784 * 10 + 100, 0))));
        Path labels = out.resolve("train-labels-idx1-ubyte.gz");
        Files.write(labels, IdxTestFiles.gzip(IdxTestFiles.labels(labels(2000))));
        JobConfig config =
                TestJobs.small(out, "data.train={images: " + images + ", labels: " + labels + "}");

        assertThatThrownBy(() -> TrainingJob.plan(config))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void wrongMagicNumberFailsNamingTheFile(@TempDir Path out) throws Exception {
        Path images = out.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(
                images,
                IdxTestFiles.gzip(
                        IdxTestFiles.images(10, 28, 28, IdxTestFiles.pixels(784 * 10, 0))));
        Path labels = out.resolve("labels.gz");
        // An image file where labels are expected.
        Files.copy(images, labels);
        JobConfig config =
                TestJobs.small(out, "data.test={images: " + images + ", labels: " + labels + "}");

        assertThatThrownBy(() -> TrainingJob.plan(config))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("magic");
    }

    @Test
    void invalidExamplesBecomeCountedDeadLettersAndTrainingGoesOn(@TempDir Path out)
            throws Exception {
        List<Example> train = SyntheticExamples.examples("train", 2000);
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
        Path trainFile = SyntheticExamples.write(out.resolve("train.avro"), mixed);
        Path testFile =
                SyntheticExamples.write(
                        out.resolve("test.avro"), SyntheticExamples.examples("test", 300));
        JobConfig config =
                TestJobs.small(
                        out,
                        "data.train={avro: " + trainFile + "}",
                        "data.test={avro: " + testFile + "}");

        JobExecutionResult result = TestJobs.runDataflow(config);

        List<DeadLetter> letters = readDeadLetters(config);
        assertThat(letters)
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        "has 783 features, expected 784",
                        "feature 0 is NaN",
                        "feature 0 is Infinity",
                        "label 10 is outside [0, 10)",
                        "label -1 is outside [0, 10)");
        assertThat(letters.get(0).getSource()).isEqualTo("train:" + trainFile + "#200");
        assertThat(TestJobs.counterSum(REPORTER, result.getJobID(), Metrics.DEAD_LETTERS))
                .isEqualTo(5);
        // The 2,000 valid examples, in batches of 100, for 2 epochs.
        assertThat(TestJobs.model(config).getStep()).isEqualTo(2 * 20);
        // The reference trainer on the 2,000 valid examples alone reaches 0.77 (chance: 0.1).
        RunSummary summary = RunSummary.read(config.output().path(), 1);
        assertThat(summary.finalTestAccuracy())
                .as("learned beyond chance from the valid examples")
                .isGreaterThan(0.6);
        Path deadLetters = config.output().path().resolve(TrainingJob.DEAD_LETTERS_FILE);
        assertThat(summary.oneLine()).contains("; 5 examples rejected, in " + deadLetters + ";");
        JobSummary written = JobSummary.read(config.output().path());
        assertThat(written.rejected()).isEqualTo(5);
        assertThat(written.line()).contains("; 5 examples rejected, in " + deadLetters + ";");
    }

    @Test
    void anAvroFileCutShortFailsEveryReaderWithItsNameAndTheRecordsRead(@TempDir Path out)
            throws Exception {
        Path whole =
                SyntheticExamples.write(
                        out.resolve("whole.avro"), SyntheticExamples.examples("train", 312));
        Path cut = out.resolve("cut.avro");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        JobConfig config = TestJobs.small(out, "data.train={avro: " + cut + "}");
        String message =
                Pattern.quote(cut.toString()) + ": Avro file cut short after (\\d+) records .*";

        DataFormatException training =
                catchThrowableOfType(DataFormatException.class, () -> TrainingJob.plan(config));
        Matcher read = Pattern.compile(message).matcher(training.getMessage());
        assertThat(read.matches()).as(training.getMessage()).isTrue();
        // Records of 784 floats come in blocks of about 20: the cut loses one block, not half.
        assertThat(Integer.parseInt(read.group(1))).isBetween(120, 156);
        assertThatThrownBy(() -> ReplayData.load(config, ReplayData.Split.TRAIN))
                .isInstanceOf(DataFormatException.class)
                .hasMessageMatching(message);
        assertThatThrownBy(
                        () ->
                                ScoringExamples.load(
                                        new SplitSource(null, null, cut.toString()),
                                        "evaluate",
                                        SyntheticExamples.FEATURES,
                                        SyntheticExamples.CLASSES,
                                        0))
                .isInstanceOf(DataFormatException.class)
                .hasMessageMatching(message);
    }

    @Test
    void oneAbsurdFeatureIsRejectedInsteadOfRulingTheStandardization(@TempDir Path out)
            throws Exception {
        List<Example> train = new ArrayList<>(SyntheticExamples.examples("train", 2000));
        float[] absurd = Examples.features(train.get(700));
        absurd[5] = 3e38f;
        train.set(700, example("absurd", absurd, train.get(700).getLabel()));
        Path trainFile = SyntheticExamples.write(out.resolve("train.avro"), train);
        JobConfig config =
                TestJobs.small(
                        out,
                        "data.train={avro: " + trainFile + "}",
                        "data.normalization=standardize");

        TestJobs.runDataflow(config);

        RunSummary summary = RunSummary.read(config.output().path(), 1);
        // Ruled by the one feature, every input maps to about one number: chance, 0.1.
        assertThat(summary.finalTestAccuracy()).isGreaterThan(0.6);
        List<DeadLetter> letters = readDeadLetters(config);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).getSource()).isEqualTo("train:" + trainFile + "#700");
        assertThat(letters.get(0).getReason())
                .startsWith(
                        "feature 5 is 3.0E38, over 1000 times the largest feature of a typical"
                                + " training example");
        assertThat(summary.oneLine())
                .contains(
                        "; 1 example rejected, in "
                                + config.output().path().resolve(TrainingJob.DEAD_LETTERS_FILE));
    }

    /** {@code count} labels, 0 to 9 in turn. */
    private static int[] labels(int count) {
        return IntStream.range(0, count).map(i -> i % 10).toArray();
    }

    private static Example example(String id, float[] features, int label) {
        return Examples.toExample(id, features, label);
    }

    private static float[] withValue(float value) {
        float[] features = new float[784];
        features[0] = value;
        return features;
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
}
