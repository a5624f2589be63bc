package io.photonflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobParametersTest {

    private static final ConfigLoader LOADER = new ConfigLoader();

    @Test
    void aJobNeedsASlotPerShardOfItsWidestLayerOrOfEveryLayerPlacedApart() throws Exception {
        assertThat(JobParameters.slots(config())).isEqualTo(1);
        assertThat(JobParameters.slots(config("runtime.shards=[4,2]"))).isEqualTo(4);
        assertThat(JobParameters.slots(config("runtime.placement=per-layer"))).isEqualTo(4);
        assertThat(
                        JobParameters.slots(
                                config("runtime.placement=per-layer", "runtime.shards=[4,2]")))
                .as("4 + 2 shards, the classifier and the rest")
                .isEqualTo(8);
    }

    @Test
    void aClusterWithTooFewSlotsInAllIsAProblemNamingTheKeys() throws Exception {
        JsonNode fourSlots =
                new ObjectMapper()
                        .readTree(
                                "{\"taskmanagers\": 2, \"slots-total\": 4, \"slots-available\": 1}");

        assertThat(JobParameters.slotProblem(config("runtime.shards=4"), fourSlots)).isNull();
        assertThat(
                        JobParameters.slotProblem(
                                config("runtime.shards=4", "runtime.placement=per-layer"),
                                fourSlots))
                .isEqualTo(
                        "runtime.shards and runtime.placement: the job needs 10 slots at once, the"
                                + " cluster has 4 in all (2 TaskManagers); start TaskManagers or"
                                + " lower runtime.shards");
    }

    private static JobConfig config(String... overrides) throws Exception {
        return LOADER.load(null, List.of(overrides));
    }
}
