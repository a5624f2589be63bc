package io.photonflow.jobs.training;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.math.LayerWeights;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link TestJobs}' helpers for the tests of other packages (the real-cluster tests of
 * io.photonflow.jobs.cluster), which submit a job by its {@code key=value} arguments and check what
 * it wrote against the reference trainer.
 */
public final class ClusterTestJobs {

    private ClusterTestJobs() {}

    /** The Fashion-MNIST folder; skips the test where it is missing, fails it under CI. */
    public static Path requireFashionMnist() {
        return TestJobs.fashionMnist();
    }

    /** The configuration a job jar builds from these {@code key=value} arguments. */
    public static JobConfig config(List<String> overrides) throws Exception {
        return new ConfigLoader().load(null, overrides);
    }

    public static ReferenceTrainer.Result runReference(JobConfig config) throws Exception {
        return TestJobs.runReference(config);
    }

    /** The final model the job of {@code config} wrote into its output folder. */
    public static ModelSnapshot model(JobConfig config) throws Exception {
        return TestJobs.model(config);
    }

    public static void assertBitIdentical(List<LayerWeights> actual, List<LayerWeights> expected) {
        TestJobs.assertBitIdentical(actual, expected);
    }
}
