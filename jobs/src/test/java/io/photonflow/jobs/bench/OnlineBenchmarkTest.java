package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photonflow.jobs.cli.Photonflow;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.config.OnlineSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The pure parts of the online benchmark: its settings and configuration, what kafka.sh start
 * prints, the table and the JSON object of a result.
 */
class OnlineBenchmarkTest {

    private static final List<OnlineSpec.Delivery> BOTH =
            List.of(OnlineSpec.Delivery.AT_LEAST_ONCE, OnlineSpec.Delivery.EXACTLY_ONCE);

    private static final OnlineBenchmark.Settings SETTINGS =
            new OnlineBenchmark.Settings(null, 500, 20, 5, 0.5, BOTH, 1);

    @Test
    void settingsRefuseWhatCannotBeMeasured() {
        assertThatThrownBy(() -> new OnlineBenchmark.Settings(null, 0, 20, 5, 0.5, BOTH, 1))
                .hasMessage("--rate must be positive, got 0.0");
        assertThatThrownBy(() -> new OnlineBenchmark.Settings(null, 500, -1, 5, 0.5, BOTH, 1))
                .hasMessage("--seconds must be positive, got -1.0");
        assertThatThrownBy(
                        () -> new OnlineBenchmark.Settings(null, 500, 20, Double.NaN, 0.5, BOTH, 1))
                .hasMessage("--warmup must be 0 or more seconds, got NaN");
        assertThatThrownBy(() -> new OnlineBenchmark.Settings(null, 500, 20, 5, -0.1, BOTH, 1))
                .hasMessage("--training-fraction must be 0 or more, got -0.1");
        assertThatThrownBy(() -> new OnlineBenchmark.Settings(" ", 500, 20, 5, 0.5, BOTH, 1))
                .hasMessage("--bootstrap-servers is empty");
    }

    @Test
    void argumentErrorsStopTheCommandBeforeItStartsAnything() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Photonflow());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("online-benchmark", "--delivery", "twice")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith(
                        "Invalid value for option '--delivery' (MODE[,MODE]): expected"
                                + " at-least-once or exactly-once, got 'twice'");

        PrintStream originalErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(
                            new CommandLine(new Photonflow())
                                    .execute("online-benchmark", "--rate", "-1"))
                    .isEqualTo(3);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("error: --rate must be positive, got -1.0");
    }

    @Test
    void theBenchmarksDefaultsApplyAndTheUsersOverridesWin() throws Exception {
        JobConfig config =
                new OnlineBenchmark(null, List.of("data.train-limit=500"), SETTINGS, System.out)
                        .config("online.delivery=at-least-once");
        assertThat(config.data().trainLimit()).isEqualTo(500);
        assertThat(config.training().epochs()).isEqualTo(1);
        // Checkpoints as configured (here the defaults); only the exactly-once run sets its own.
        assertThat(config.checkpointing().intervalDuration()).hasSeconds(30);
        assertThat(config.runtime().webUiPort()).isZero();
        assertThat(config.online().delivery()).isEqualTo(OnlineSpec.Delivery.AT_LEAST_ONCE);
        assertThat(config.optimizer().schedule())
                .isEqualTo(io.photonflow.math.OptimizerSpec.Schedule.CONSTANT);
    }

    @Test
    void deliveryNamesAreTheConfigurationsSpelling() {
        assertThat(OnlineBenchmark.delivery(OnlineSpec.Delivery.AT_LEAST_ONCE))
                .isEqualTo("at-least-once");
        assertThat(OnlineBenchmark.delivery(OnlineSpec.Delivery.EXACTLY_ONCE))
                .isEqualTo("exactly-once");
    }

    @Test
    void bootstrapAddressFromWhatKafkaShStartPrints() {
        String output =
                "Kafka broker up in 6 s (pid 4242, KRaft, cluster id AbCdEf)\n"
                        + "  bootstrap servers: 127.0.0.1:40123\n"
                        + "  logs: /tmp/k/log/server.log\n"
                        + "  data: /tmp/k/data\n"
                        + "  stop: docker/kafka/kafka.sh stop --dir /tmp/k\n";
        assertThat(ScriptBroker.bootstrapOf(output)).isEqualTo("127.0.0.1:40123");
        assertThat(ScriptBroker.bootstrapOf("kafka.sh: port 9092 of 127.0.0.1 is in use")).isNull();
    }

    @Test
    void theProjectRootHoldsTheKafkaScript() throws Exception {
        assertThat(OnlineBenchmark.projectRoot().resolve("docker/kafka/kafka.sh")).isRegularFile();
    }

    private static OnlineBenchmark.Result result() {
        return new OnlineBenchmark.Result(
                new OnlineBenchmark.Setup(
                        "dfa",
                        "784-1024-1024-10 tanh",
                        128,
                        1,
                        1,
                        2,
                        "Fashion-MNIST train (first 20000)",
                        20000,
                        1,
                        "127.0.0.1:40123",
                        true,
                        1000,
                        5,
                        64,
                        "exactly-once"),
                new OnlineBenchmark.Throughput(
                        3000,
                        6.0,
                        15,
                        157,
                        2400,
                        7.5,
                        15,
                        157,
                        0.8,
                        0.7,
                        true,
                        new CpuUse(1.9, 0, 0.05),
                        new CpuUse(1.7, 0.2, 0.1)),
                List.of(
                        new OnlineBenchmark.Latency(
                                "at-least-once",
                                1000,
                                20,
                                5,
                                500.5,
                                1500.0,
                                1490.0,
                                true,
                                10010,
                                10010,
                                0,
                                0,
                                new LatencyStats(10010, 12, 61, 80, 15.5),
                                new LatencyStats(10010, 8, 40, 70, 9.5),
                                new LatencyStats(10010, 4, 21, 30, 6.0),
                                50,
                                false,
                                new CpuUse(1.5, 0.3, 0.0)),
                        new OnlineBenchmark.Latency(
                                "exactly-once",
                                1000,
                                20,
                                5,
                                500.0,
                                1500.0,
                                1200.0,
                                false,
                                10000,
                                10000,
                                0,
                                0,
                                new LatencyStats(10000, 560, 1090, 1180, 580.0),
                                new LatencyStats(10000, 9, 45, 90, 11.0),
                                new LatencyStats(10000, 550, 1050, 1100, 569.0),
                                1100,
                                true,
                                CpuUse.UNKNOWN)));
    }

    @Test
    void theTablesNameEveryFigureAndEveryTarget() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OnlineBenchmark.print(result(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("dfa 784-1024-1024-10 tanh, batch 128, staleness 1")
                .contains("broker 127.0.0.1:40123 (started by the benchmark)")
                .contains("checkpoints every 1 s")
                .containsPattern("batch dataflow +3000 +6\\.0 +15\\.\\.157 +1\\.90 0\\.00 0\\.05")
                .containsPattern("online job, bounded replay \\(exactly-once\\) +2400 +7\\.5")
                .contains("online/batch 0.80 (target >= 0.70: met)")
                .containsPattern(
                        "at-least-once +1 s +5s +500\\.5 +1500\\.0 +1490\\.0 +10010 +0 +12 +61 +80"
                                + " +15\\.5 +40 +21  1\\.50 0\\.30 0\\.00 +p99 <= 50 ms: missed by 11 ms")
                .containsPattern(
                        "exactly-once .* 560 +1090 +1180 .*\\(unknown\\) +p99 <= 1100 ms: met")
                .contains(
                        "exactly-once: the job trained 1200 of the 1500 labelled examples/s"
                                + " offered: it fell behind");
        assertThat(out).doesNotContain("at-least-once: the job trained");
    }

    @Test
    void theJsonObjectHoldsEveryFigure() throws Exception {
        JsonNode json = new ObjectMapper().readTree(OnlineBenchmark.json(result()));
        assertThat(json.at("/setup/network").asText()).isEqualTo("784-1024-1024-10 tanh");
        assertThat(json.at("/setup/checkpointIntervalMillis").asLong()).isEqualTo(1000);
        assertThat(json.at("/throughput/batchExamplesPerSecond").asDouble()).isEqualTo(3000);
        assertThat(json.at("/throughput/onlineExamplesPerSecond").asDouble()).isEqualTo(2400);
        assertThat(json.at("/throughput/ratio").asDouble()).isEqualTo(0.8);
        assertThat(json.at("/throughput/met").asBoolean()).isTrue();
        assertThat(json.at("/latency/0/delivery").asText()).isEqualTo("at-least-once");
        assertThat(json.at("/latency/0/endToEndMillis/p99").asLong()).isEqualTo(61);
        assertThat(json.at("/latency/0/inJobMillis/p50").asLong()).isEqualTo(8);
        assertThat(json.at("/latency/1/afterJobMillis/p99").asLong()).isEqualTo(1050);
        assertThat(json.at("/latency/0/targetP99Millis").asLong()).isEqualTo(50);
        assertThat(json.at("/latency/1/endToEndMillis/max").asLong()).isEqualTo(1180);
        assertThat(json.at("/latency/1/keptUp").asBoolean()).isFalse();
        assertThat(json.at("/latency/1/met").asBoolean()).isTrue();
        assertThat(json.at("/throughput/onlineCpu/broker").asDouble()).isEqualTo(0.2);
        assertThat(json.at("/latency/0/cpu/thisJvm").asDouble()).isEqualTo(1.5);
    }
}
