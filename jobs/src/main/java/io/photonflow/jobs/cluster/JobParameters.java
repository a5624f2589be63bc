package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.config.RuntimeSpec;
import java.nio.file.Path;
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
     * Slots of the training dataflow: one slot sharing group per layer and one for the rest with
     * runtime.placement=per-layer (TrainingDataflow), all in one slot otherwise; parallelism 1.
     */
    static int slots(JobConfig config) {
        return config.runtime().placement() == RuntimeSpec.Placement.PER_LAYER
                ? config.network().depth() + 1
                : 1;
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
