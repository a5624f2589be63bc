package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.data.ModelSnapshots;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.math.kernels.Kernels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without the vector API module ({@code jdk.incubator.vector}), as on a Flink cluster
 * configured by someone else, runs the scalar kernels, and trains the same weights, bit for bit, as
 * the vector kernels of this JVM (surefire starts it with the module): slower, never different.
 */
class WithoutVectorApiITCase {

    @Test
    void aJvmWithoutTheVectorModuleTrainsTheSameBits(@TempDir Path dir) throws Exception {
        assertThat(Kernels.best())
                .as("this JVM runs the vector kernels")
                .isNotSameAs(Kernels.scalar());
        List<String> overrides = TestJobs.smallOverrides(dir, "training.epochs=1");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-Dlog4j.configurationFile=../conf/log4j2.properties",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.photonflow.jobs.cli.Photonflow",
                                "train"));
        command.addAll(overrides);
        Path console = dir.resolve("console.txt");
        Process train =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(console.toFile())
                        .start();
        assertThat(train.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
        String output = Files.readString(console, StandardCharsets.UTF_8);
        assertThat(train.exitValue()).as(output).isZero();
        assertThat(output).as("the JVM ran without the module").doesNotContain("incubator");

        JobConfig config = new ConfigLoader().load(null, overrides);
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(TestJobs.model(config)),
                TestJobs.runReference(config).weights());
    }
}
