package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default job, full size: 784-1024-1024-10 tanh, DFA, Adam, batch 128, 5 epochs on all of
 * Fashion-MNIST, reaches at least 86% test accuracy. Skipped where Fashion-MNIST is missing, failed
 * under CI ({@link TestJobs#fashionMnist}).
 */
@Tag("slow")
class DefaultJobAccuracyITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void defaultJobReachesEightySixPercentWithinFiveEpochs(@TempDir Path out) throws Exception {
        Path data = TestJobs.fashionMnist();
        JobConfig config =
                new ConfigLoader()
                        .load(
                                Path.of("../conf/fashion-mnist-dfa.yaml"),
                                List.of(
                                        "data.train={images: "
                                                + data.resolve("train-images-idx3-ubyte.gz")
                                                + ", labels: "
                                                + data.resolve("train-labels-idx1-ubyte.gz")
                                                + "}",
                                        "data.test={images: "
                                                + data.resolve("t10k-images-idx3-ubyte.gz")
                                                + ", labels: "
                                                + data.resolve("t10k-labels-idx1-ubyte.gz")
                                                + "}",
                                        "output.directory=" + out.resolve("output"),
                                        "checkpointing.directory=" + out.resolve("checkpoints"),
                                        "runtime.web-ui-port=0"));

        TestJobs.runDataflow(config);

        RunSummary summary = RunSummary.read(config.output().path(), 1);
        assertThat(summary.epochs()).hasSize(5);
        assertThat(summary.epochs()).allMatch(epoch -> epoch.getSplit() == MetricsSplit.TEST);
        assertThat(summary.finalTestAccuracy()).isGreaterThanOrEqualTo(0.86);
        ModelSnapshot model = TestJobs.model(config);
        assertThat(model.getEpoch()).isEqualTo(5);
        assertThat(model.getStep()).isEqualTo(5 * 469);
        assertThat(model.getParameters())
                .extracting(p -> p.getRows() + "x" + p.getCols())
                .containsExactly("784x1024", "1024x1024", "1024x10");
    }
}
