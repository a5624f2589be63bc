package io.photonflow.jobs.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.Example;
import io.photonflow.data.Examples;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure parts of {@link ExampleProducer}: the seeded choice of unlabelled examples, the seeded
 * derangement, the pacing schedule, the labels before and after the drift, ids, counts and
 * settings; and {@link ReplayData}: ids of idx and Avro files with the loader's rejections left
 * out.
 */
class ExampleProducerTest {

    private static final int CLASSES = 10;

    @Test
    void theUnlabelledChoiceIsSeededReproducibleAndOfTheAskedFraction() {
        int n = 100_000;
        Set<Long> first = unlabelled(42, 0.1, n);
        assertThat(unlabelled(42, 0.1, n)).isEqualTo(first);
        assertThat(unlabelled(43, 0.1, n)).isNotEqualTo(first);
        // Binomial(100000, 0.1): standard deviation about 95, so 1,000 is over 10 sigma.
        assertThat(first.size()).isBetween(9_000, 11_000);
        // The choice of example n does not depend on how many are sent.
        assertThat(unlabelled(42, 0.1, 1_000))
                .isEqualTo(first.stream().filter(i -> i < 1_000).collect(toSet()));
        // A larger fraction with the same seed keeps the smaller one's choice.
        assertThat(unlabelled(42, 0.3, n)).containsAll(first);
        assertThat(unlabelled(42, 0, n)).isEmpty();
        assertThat(unlabelled(42, 1, n)).hasSize(n);
    }

    @Test
    void theDerangementIsSeededReproducibleAndMovesEveryClass() {
        // java.util.Random's sequence is specified, so this holds on every JVM.
        assertThat(ExampleProducer.derangement(10, 1))
                .containsExactly(3, 0, 8, 5, 7, 2, 9, 4, 1, 6);
        Set<List<Integer>> distinct = new HashSet<>();
        for (int classes = 2; classes <= 20; classes++) {
            for (long seed = 0; seed < 200; seed++) {
                int[] permutation = ExampleProducer.derangement(classes, seed);
                assertThat(ExampleProducer.derangement(classes, seed)).isEqualTo(permutation);
                int[] sorted = permutation.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < classes; i++) {
                    assertThat(sorted[i]).as("a permutation").isEqualTo(i);
                    assertThat(permutation[i]).as("class %d moves", i).isNotEqualTo(i);
                }
                if (classes == CLASSES) {
                    distinct.add(Arrays.stream(permutation).boxed().toList());
                }
            }
        }
        assertThat(distinct).as("seeds give different derangements").hasSizeGreaterThan(190);
        assertThat(ExampleProducer.derangement(2, 5)).containsExactly(1, 0);
        assertThatThrownBy(() -> ExampleProducer.derangement(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 classes");
        assertThat(ExampleProducer.describe(new int[] {2, 0, 1})).isEqualTo("0->2 1->0 2->1");
    }

    @Test
    void thePacingScheduleIsSteadyFromTheStart() {
        long start = 1_000_000_000L;
        assertThat(ExampleProducer.dueNanos(start, 500, 0)).isEqualTo(start);
        assertThat(ExampleProducer.dueNanos(start, 500, 1)).isEqualTo(start + 2_000_000);
        assertThat(ExampleProducer.dueNanos(start, 500, 500)).isEqualTo(start + 1_000_000_000);
        // No drift over a long run: example n is due at n / rate, not at a sum of rounded gaps.
        assertThat(ExampleProducer.dueNanos(start, 3, 3_000_000))
                .isEqualTo(start + 1_000_000_000_000_000L);
        long previous = start;
        for (long n = 1; n < 10_000; n++) {
            long due = ExampleProducer.dueNanos(start, 2_000, n);
            assertThat(due - previous).isBetween(499_999L, 500_001L);
            previous = due;
        }
        assertThat(ExampleProducer.dueNanos(start, 0.5, 3)).isEqualTo(start + 6_000_000_000L);
        // Unpaced: everything is due at once.
        assertThat(ExampleProducer.dueNanos(start, 0, 123_456)).isEqualTo(start);
    }

    @Test
    void theDriftMapsEveryLabelOfTheSecondPartAndNoneOfTheFirst() {
        ExampleProducer.Settings settings = settings(0.2, 1_000, ExampleProducer.Drift.NONE);
        ExampleProducer.Settings drifting =
                settings(0.2, 1_000, ExampleProducer.Drift.PERMUTE_LABELS);
        int[] permutation = ExampleProducer.derangement(CLASSES, drifting.seed());
        int unlabelled = 0;
        for (long n = 0; n < 5_000; n++) {
            int label = (int) (n % CLASSES);
            Integer sent = ExampleProducer.label(drifting, permutation, n, label);
            boolean chosen = ExampleProducer.isUnlabelled(drifting.seed(), 0.2, n);
            if (chosen) {
                unlabelled++;
                assertThat(sent).as("example %d goes unlabelled", n).isNull();
            } else if (n < 1_000) {
                assertThat(sent).as("example %d, before the drift", n).isEqualTo(label);
            } else {
                assertThat(sent).as("example %d, after the drift", n).isEqualTo(permutation[label]);
                assertThat(sent).isNotEqualTo(label);
            }
            // No drift: labels as they are, the same examples unlabelled.
            assertThat(ExampleProducer.label(settings, permutation, n, label))
                    .isEqualTo(chosen ? null : label);
        }
        assertThat(unlabelled).isBetween(900, 1_100);
        ExampleProducer.Settings fromTheStart =
                settings(0, 0, ExampleProducer.Drift.PERMUTE_LABELS);
        assertThat(ExampleProducer.label(fromTheStart, permutation, 0, 4))
                .isEqualTo(permutation[4]);
        ExampleProducer.Settings never = settings(0, -1, ExampleProducer.Drift.PERMUTE_LABELS);
        assertThat(never.drifts()).isFalse();
        assertThat(ExampleProducer.label(never, permutation, 1_000_000, 4)).isEqualTo(4);
    }

    @Test
    void idsCarryThePassWhenRepeatedAndLimitsCapTheTotal() {
        assertThat(ExampleProducer.id("x#3", 1, 1)).isEqualTo("x#3");
        assertThat(ExampleProducer.id("x#3", 1, 3)).isEqualTo("x#3/1");
        assertThat(ExampleProducer.id("x#3", 3, 3)).isEqualTo("x#3/3");
        ExampleProducer.Settings once = ExampleProducer.Settings.of("127.0.0.1:9092", "t");
        assertThat(ExampleProducer.total(once, 100)).isEqualTo(100);
        assertThat(ExampleProducer.total(with(once, 3, 0), 100)).isEqualTo(300);
        assertThat(ExampleProducer.total(with(once, 3, 250), 100)).isEqualTo(250);
        assertThat(ExampleProducer.total(with(once, 1, 250), 100)).isEqualTo(100);
    }

    @Test
    void settingsNameWhatIsWrong() {
        assertThatThrownBy(() -> ExampleProducer.Settings.of("127.0.0.1:9092", "a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid topic name 'a b'");
        assertThatThrownBy(() -> ExampleProducer.Settings.of("127.0.0.1:9092", ""))
                .hasMessageStartingWith("invalid topic name ''");
        assertThatThrownBy(() -> ExampleProducer.Settings.of("127.0.0.1:9092", "x".repeat(250)))
                .hasMessageContaining("invalid topic name");
        assertThatThrownBy(() -> ExampleProducer.Settings.of(" ", "t"))
                .hasMessageContaining("bootstrap");
        ExampleProducer.Settings ok = ExampleProducer.Settings.of("127.0.0.1:9092", "t");
        assertThatThrownBy(() -> copy(ok, -1, 0.1, 1)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> copy(ok, Double.NaN, 0.1, 1)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> copy(ok, 0, 1.5, 1)).hasMessageContaining("--unlabelled");
        assertThatThrownBy(() -> copy(ok, 0, 0.1, 0)).hasMessageContaining("--repeat");
        assertThat(ExampleProducer.addresses("127.0.0.1:9092, localhost:19092"))
                .extracting(a -> a.getHostString() + "/" + a.getPort())
                .containsExactly("127.0.0.1/9092", "localhost/19092");
        assertThat(ExampleProducer.addresses("[::1]:9092"))
                .extracting(a -> a.getHostString())
                .containsExactly("::1");
        assertThatThrownBy(() -> ExampleProducer.addresses("127.0.0.1"))
                .hasMessageContaining("not host:port");
        assertThatThrownBy(() -> ExampleProducer.addresses("127.0.0.1:x"))
                .hasMessageContaining("no port number");
    }

    @Test
    void idxExamplesAreNamedByFileAndIndexAvroOnesKeepTheirIdsRejectedOnesLeftOut(@TempDir Path dir)
            throws Exception {
        // idx: 6 images of 2x2, the label of image 3 out of range for 3 classes.
        Path images = dir.resolve("tiny-images-idx3-ubyte.gz");
        Path labels = dir.resolve("tiny-labels-idx1-ubyte.gz");
        byte[] pixels = new byte[6 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10);
        }
        writeIdx(images, new int[] {0x803, 6, 2, 2}, pixels);
        writeIdx(labels, new int[] {0x801, 6}, new byte[] {0, 1, 2, 7, 1, 0});
        ReplayData idx =
                ReplayData.load(
                        config(
                                "data.train.images=" + images,
                                "data.train.labels=" + labels,
                                "data.test.images=" + images,
                                "data.test.labels=" + labels,
                                "network.input=4",
                                "data.train-limit=5"),
                        ReplayData.Split.TRAIN);
        assertThat(idx.ids())
                .containsExactly(
                        "tiny-images-idx3-ubyte.gz#0",
                        "tiny-images-idx3-ubyte.gz#1",
                        "tiny-images-idx3-ubyte.gz#2",
                        "tiny-images-idx3-ubyte.gz#4");
        assertThat(idx.rejected()).hasSize(1);
        assertThat(idx.dataset().label(3)).isEqualTo(1);
        assertThat(idx.dataset().rows(new int[] {3}))
                .containsExactly(160 / 255f, 170 / 255f, 180 / 255f, 190 / 255f);

        // Avro: ids of the file; the second record has a NaN feature, the last no label.
        Path avro = dir.resolve("examples.avro");
        List<Example> examples = new ArrayList<>();
        examples.add(Examples.toExample("a", new float[] {1, 2, 3, 4}, 0));
        examples.add(Examples.toExample("nan", new float[] {1, Float.NaN, 3, 4}, 1));
        examples.add(Examples.toExample("b", new float[] {5, 6, 7, 8}, 2));
        examples.add(Examples.toExample("c", new float[] {9, 10, 11, 12}, 1));
        examples.add(Examples.unlabelled("none", new float[] {0, 0, 0, 0}));
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), avro.toFile());
            examples.forEach(
                    e -> {
                        try {
                            writer.append(e);
                        } catch (IOException ex) {
                            throw new RuntimeException(ex);
                        }
                    });
        }
        ReplayData fromAvro =
                ReplayData.load(
                        config(
                                "data.train.avro=" + images,
                                "data.train.images=null",
                                "data.train.labels=null",
                                "data.test.avro=" + avro,
                                "data.test.images=null",
                                "data.test.labels=null",
                                "network.input=4"),
                        ReplayData.Split.TEST);
        assertThat(fromAvro.ids()).containsExactly("a", "b", "c");
        assertThat(fromAvro.rejected()).hasSize(2);
        assertThat(fromAvro.dataset().rows(new int[] {2})).containsExactly(9, 10, 11, 12);
    }

    private static JobConfig config(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of(overrides));
        all.add("network.classes=3");
        all.add("network.hidden=[4]");
        return new ConfigLoader().load(null, all);
    }

    private static void writeIdx(Path file, int[] header, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int value : header) {
                out.writeInt(value);
            }
            out.write(body);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes.toByteArray());
        }
    }

    private static Set<Long> unlabelled(long seed, double fraction, int n) {
        Set<Long> chosen = new HashSet<>();
        for (long i = 0; i < n; i++) {
            if (ExampleProducer.isUnlabelled(seed, fraction, i)) {
                chosen.add(i);
            }
        }
        return chosen;
    }

    private static java.util.stream.Collector<Long, ?, Set<Long>> toSet() {
        return java.util.stream.Collectors.toSet();
    }

    private static ExampleProducer.Settings settings(
            double unlabelled, long driftAfter, ExampleProducer.Drift drift) {
        return new ExampleProducer.Settings(
                "127.0.0.1:9092",
                "t",
                1,
                0,
                0,
                unlabelled,
                driftAfter,
                drift,
                7,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    private static ExampleProducer.Settings with(
            ExampleProducer.Settings s, int repeat, long limit) {
        return new ExampleProducer.Settings(
                s.bootstrapServers(),
                s.topic(),
                s.partitions(),
                s.rate(),
                limit,
                s.unlabelled(),
                s.driftAfter(),
                s.drift(),
                s.seed(),
                repeat,
                s.timeout(),
                s.progressEvery());
    }

    private static ExampleProducer.Settings copy(
            ExampleProducer.Settings s, double rate, double unlabelled, int repeat) {
        return new ExampleProducer.Settings(
                s.bootstrapServers(),
                s.topic(),
                s.partitions(),
                rate,
                s.limit(),
                unlabelled,
                s.driftAfter(),
                s.drift(),
                s.seed(),
                repeat,
                s.timeout(),
                s.progressEvery());
    }
}
