package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigurationTest {

    @TempDir Path dir;

    /** The file a run keeps loads back, as a job file, to the configuration the run used. */
    @Test
    void configYamlLoadsBackAsTheSameConfiguration() throws Exception {
        JobConfig config =
                new ConfigLoader()
                        .load(
                                null,
                                List.of(
                                        "network.hidden=[64, 32]",
                                        "algorithm=bp",
                                        "optimizer.schedule=constant",
                                        "online.delivery=at-least-once",
                                        "data.validation-size=100"));

        String yaml = RunConfiguration.write(config, dir);

        assertThat(yaml)
                .contains("algorithm: bp")
                .contains("delivery: at-least-once")
                .contains("graph: null")
                .contains("validation-size: 100");
        assertThat(RunConfiguration.read(dir)).isEqualTo(yaml);
        assertThat(new ConfigLoader().load(dir.resolve("config.yaml"), List.of()))
                .isEqualTo(config);
    }

    @Test
    void aRunWithoutTheFileHasNoConfiguration() throws Exception {
        assertThat(RunConfiguration.read(dir)).isNull();
    }
}
