package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photonflow.math.Activation;
import io.photonflow.math.Algorithm;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.TrainingGemms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code benchmark --json} on a tiny data set: every figure there, the ceiling in it. */
class BenchmarkCommandTest {

    @Test
    void everyTrainerIsSetAgainstTheCeilingMeasuredInTheSameRun(@TempDir Path dir)
            throws Exception {
        Path train = TinyData.avro(dir.resolve("train.avro"), 300, 0, 1);
        Path test = TinyData.avro(dir.resolve("test.avro"), 60, 0, 2);
        CliRun run =
                CliRun.of(
                        "benchmark",
                        "--json",
                        "--skip-dl4j",
                        "data.train.images=",
                        "data.train.labels=",
                        "data.train.avro=" + train,
                        "data.test.images=",
                        "data.test.labels=",
                        "data.test.avro=" + test,
                        "network.input=" + TinyData.FEATURES,
                        "network.hidden=[32]",
                        "network.classes=" + TinyData.CLASSES,
                        "training.epochs=2",
                        "training.batch-size=20",
                        "runtime.web-ui-port=0",
                        "output.directory=" + dir.resolve("out"));

        assertThat(run.exitCode()).as(run.transcript()).isZero();
        JsonNode figures = new ObjectMapper().readTree(run.out());
        NetworkSpec network =
                new NetworkSpec(
                        NetworkSpec.Kind.DENSE,
                        TinyData.FEATURES,
                        List.of(32),
                        Activation.TANH,
                        TinyData.CLASSES,
                        0);
        double flops = TrainingGemms.flopsPerExample(network, Algorithm.DFA, 20);
        assertThat(figures.at("/ceiling/flopsPerExample").asDouble()).isEqualTo(flops);
        assertThat(figures.at("/ceiling/oneThread/threads").asInt()).isEqualTo(1);
        assertThat(figures.at("/ceiling/twoThreads/threads").asInt()).isEqualTo(2);
        assertThat(figures.at("/ceiling/twoThreads/products")).hasSize(5);
        assertThat(figures.at("/ceiling/oneThread/gflops").asDouble()).isPositive();

        JsonNode dataflow = figures.at("/trainers/0");
        assertThat(dataflow.get("trainer").asText()).isEqualTo("photonflow dataflow");
        assertThat(dataflow.get("ceilingThreads").asInt()).isEqualTo(2);
        double rate = dataflow.get("samplesPerSecond").asDouble();
        assertThat(dataflow.get("gflops").asDouble()).isEqualTo(rate * flops / 1e9);
        assertThat(dataflow.get("ceilingFraction").asDouble())
                .isEqualTo(rate / figures.at("/ceiling/twoThreads/samplesPerSecond").asDouble());
        JsonNode reference = figures.at("/trainers/1");
        assertThat(reference.get("ceilingThreads").asInt()).isEqualTo(1);
        assertThat(reference.get("ceilingFraction").asDouble()).isPositive();
        assertThat(figures.at("/trainers")).hasSize(2);

        assertThat(figures.get("peakResidentBytes").asLong()).isGreaterThan(50L << 20);
        assertThat(figures.get("firstStepSeconds").asDouble()).isPositive();
        assertThat(figures.get("dataflowSeconds").asDouble()).isPositive();
    }
}
