package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.jobs.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A successful {@code train} prints no stack trace, also when checkpoints come every 100 ms: one
 * triggered while tasks that had run out of input were closing was declined, nearly every such run,
 * and Flink logged the decline with about 110 lines. The run is a process of its own with the
 * logging of local runs ({@code conf/log4j2.properties}), as {@code jobs/photonflow} starts it.
 */
class CheckpointAtEndITCase {

    @RepeatedTest(3)
    void aSuccessfulRunPrintsNoStackTrace(@TempDir Path dir) throws Exception {
        JobConfig data = TestJobs.small(dir);
        Path stderr = dir.resolve("stderr.txt");
        Process train =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
                                        "-Xmx1g",
                                        "-Dlog4j.configurationFile=../conf/log4j2.properties",
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        "io.photonflow.jobs.cli.Photonflow",
                                        "train",
                                        "data.train={avro: " + data.data().train().avro() + "}",
                                        "data.test={avro: " + data.data().test().avro() + "}",
                                        "network.hidden=[256]",
                                        "training.epochs=1",
                                        "training.batch-size=100",
                                        "checkpointing.interval=100 ms",
                                        "checkpointing.directory=" + dir.resolve("checkpoints"),
                                        "runtime.web-ui-port=0",
                                        "output.directory=" + dir.resolve("output")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(stderr.toFile())
                        .start();

        assertThat(train.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(train.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
