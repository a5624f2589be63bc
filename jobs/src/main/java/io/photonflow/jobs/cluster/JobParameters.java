package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.photonflow.jobs.config.ConfigException;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.config.RuntimeSpec;
import io.photonflow.math.Sharding;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What a watcher needs to know about a photonflow job that the REST API does not say: where its
 * outputs go and how many slots it takes. The job carries them as global job parameters, which GET
 * /jobs/:jobid/config shows as {@code execution-config.user-config}.
 *
 * @param output the job's output folder, as the job's processes see it
 * @param slots slots the job needs at once
 */
public record JobParameters(Path output, int slots) {

    static final String OUTPUT = "photonflow.output";
    static final String SLOTS = "photonflow.slots";

    /** The parameters of the job {@code config} describes. */
    public static JobParameters of(JobConfig config) {
        return new JobParameters(config.output().path().toAbsolutePath(), slots(config));
    }

    /**
     * Slots of the training dataflow: with runtime.placement=per-layer one slot sharing group per
     * layer, as many slots as the layer has shards, and one slot for the rest (TrainingDataflow);
     * otherwise one group, as many slots as the most shards a layer has.
     */
    public static int slots(JobConfig config) {
        int depth = config.network().depth();
        Sharding sharding = config.setup().sharding();
        return config.runtime().placement() == RuntimeSpec.Placement.PER_LAYER
                ? sharding.total(depth) + 1
                : sharding.widest(depth);
    }

    /**
     * The problem with running {@code config} on a cluster whose GET /overview is {@code overview},
     * naming the keys that decide it; null when it has slots enough in all.
     */
    public static String slotProblem(JobConfig config, JsonNode overview) {
        int needed = slots(config);
        int total = overview.path("slots-total").asInt();
        if (needed <= total) {
            return null;
        }
        return String.format(
                "runtime.shards and runtime.placement: the job needs %d slots at once, the cluster"
                        + " has %d in all (%d TaskManagers); start TaskManagers or lower"
                        + " runtime.shards",
                needed, total, overview.path("taskmanagers").asInt());
    }

    /**
     * Fails with {@link #slotProblem}, in one line naming the keys, when the cluster whose GET
     * /overview is {@code overview} has too few slots for {@code config}.
     */
    public static void requireSlots(JobConfig config, JsonNode overview) throws ConfigException {
        String problem = slotProblem(config, overview);
        if (problem != null) {
            throw new ConfigException(null, List.of(problem));
        }
    }

    /** Attaches these parameters to the jobs {@code env} will run. */
    public void attachTo(StreamExecutionEnvironment env) {
        Configuration parameters = new Configuration();
        parameters.setString(OUTPUT, output.toString());
        parameters.setString(SLOTS, Integer.toString(slots));
        env.getConfig().setGlobalJobParameters(parameters);
    }

    /**
     * The parameters in a GET /jobs/:jobid/config answer; null when the job did not set them (a job
     * that is not photonflow's).
     */
    static JobParameters from(JsonNode jobConfig) {
        JsonNode user = jobConfig.path("execution-config").path("user-config");
        if (!user.has(OUTPUT)) {
            return null;
        }
        return new JobParameters(
                Path.of(user.path(OUTPUT).asText()),
                Integer.parseInt(user.path(SLOTS).asText("1")));
    }
}
