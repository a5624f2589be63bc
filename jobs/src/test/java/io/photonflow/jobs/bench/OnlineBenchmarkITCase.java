package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.jobs.config.OnlineSpec;
import io.photonflow.jobs.kafka.KafkaBroker;
import io.photonflow.jobs.training.SyntheticExamples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole online benchmark, tiny: a small network on 1,000 synthetic examples, 2 s of latency per
 * delivery mode, on the test broker. It checks that every phase runs and that the figures are whole
 * (every prediction of the window read once, rates positive), not what they are.
 */
@Tag("slow")
class OnlineBenchmarkITCase {

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    @Test
    void measuresBothRatesAndBothDeliveryModes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticExampleFiles.Splits files =
                SyntheticExampleFiles.write(
                        data, 1000, 200, SyntheticExamples.FEATURES, SyntheticExamples.CLASSES, 1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        OnlineBenchmark benchmark =
                new OnlineBenchmark(
                        null,
                        List.of(
                                "network.hidden=[64]",
                                "training.batch-size=50",
                                "data.train.images=null",
                                "data.train.labels=null",
                                "data.train.avro=" + files.train(),
                                "data.test.images=null",
                                "data.test.labels=null",
                                "data.test.avro=" + files.test(),
                                "checkpointing.interval=300 ms",
                                "output.directory=" + dir.resolve("out")),
                        new OnlineBenchmark.Settings(
                                BROKER.bootstrapServers(),
                                100,
                                2,
                                1,
                                0.1,
                                List.of(
                                        OnlineSpec.Delivery.AT_LEAST_ONCE,
                                        OnlineSpec.Delivery.EXACTLY_ONCE),
                                0.3),
                        new PrintStream(log, true, StandardCharsets.UTF_8));

        OnlineBenchmark.Result result = benchmark.run();

        assertThat(result.setup().brokerStartedByBenchmark()).isFalse();
        assertThat(result.setup().trainExamples()).isEqualTo(1000);
        assertThat(result.throughput().batchExamplesPerSecond()).isPositive();
        assertThat(result.throughput().onlineExamplesPerSecond()).isPositive();
        assertThat(result.throughput().batchLastStep()).isEqualTo(20);
        assertThat(result.throughput().onlineLastStep()).isEqualTo(20);
        assertThat(result.latency())
                .extracting(OnlineBenchmark.Latency::delivery)
                .containsExactly("at-least-once", "exactly-once");
        for (OnlineBenchmark.Latency latency : result.latency()) {
            assertThat(latency.expected()).as(latency.delivery()).isPositive();
            assertThat(latency.missing()).as(latency.delivery()).isZero();
            assertThat(latency.duplicates()).as(latency.delivery()).isZero();
            assertThat(latency.received()).isEqualTo(latency.expected());
            assertThat(latency.endToEndMillis().count()).isEqualTo(latency.received());
            assertThat(latency.endToEndMillis().p99())
                    .isGreaterThanOrEqualTo(latency.endToEndMillis().p50());
            assertThat(latency.inJobMillis().count()).isEqualTo(latency.received());
            assertThat(
                            dir.resolve("out")
                                    .resolve(latency.delivery())
                                    .resolve(OnlineBenchmark.ARRIVALS_FILE))
                    .isRegularFile();
        }
        assertThat(result.latency().get(1).targetP99Millis()).isEqualTo(400);
        assertThat(OnlineBenchmark.json(result)).contains("\"endToEndMillis\"");
        assertThat(Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()))
                .contains("batch", "replay", "at-least-once", "exactly-once");
    }
}
