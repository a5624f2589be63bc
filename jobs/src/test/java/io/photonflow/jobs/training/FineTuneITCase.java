package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.jobs.cli.CliRun;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.math.NdArrays;
import io.photonflow.training.ReferenceTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning ({@code initial-model}, {@code train --from}): a run that starts from another run's
 * snapshot, with other settings, starts from its weights and its input scaling, and ends with the
 * weights of the reference trainer started from the same snapshot. A snapshot that is not one, or
 * of another network, fails before the job starts, in one line.
 */
class FineTuneITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void startsFromTheSnapshotsWeightsAndScalingWithOtherSettings(@TempDir Path out)
            throws Exception {
        JobConfig first = TestJobs.small(out.resolve("first"), "data.normalization=standardize");
        TestJobs.runDataflow(first);
        ModelSnapshot trained = TestJobs.model(first);
        Path snapshot = first.output().path().resolve("model-epoch-001.avro");

        JobConfig tuned =
                TestJobs.small(
                        out.resolve("tuned"),
                        "initial-model=" + snapshot,
                        "data.normalization=none",
                        "optimizer.kind=sgd",
                        "optimizer.learning-rate=0.01",
                        "training.epochs=1");
        TestJobs.runDataflow(tuned);
        ModelSnapshot model = TestJobs.model(tuned);

        assertThat(model.getInputShift())
                .as("the snapshot's scaling, not data.normalization's")
                .isEqualTo(trained.getInputShift())
                .isNotZero();
        assertThat(model.getInputScale()).isEqualTo(trained.getInputScale());
        ReferenceTrainer.Result reference = TestJobs.runReference(tuned);
        TestJobs.assertBitIdentical(ModelSnapshots.weights(model), reference.weights());
        ReferenceTrainer.Result seeded =
                TestJobs.runReference(
                        TestJobs.small(
                                out.resolve("seeded"),
                                "optimizer.kind=sgd",
                                "optimizer.learning-rate=0.01",
                                "training.epochs=1"));
        assertThat(NdArrays.toFloats(reference.weights().get(0).weights()))
                .as("weights of a run from the seeded start")
                .isNotEqualTo(NdArrays.toFloats(seeded.weights().get(0).weights()));
    }

    @Test
    void refusesASnapshotOfAnotherNetworkOrAFileThatIsNone(@TempDir Path out) throws Exception {
        JobConfig small = TestJobs.small(out.resolve("small"), "network.hidden=[32]");
        TestJobs.runDataflow(small);
        Path snapshot = small.output().path().resolve("model.avro");
        Path data = out.resolve("small").resolve("data");
        String[] job = {
            "train",
            "data.train={avro: " + data.resolve("train.avro") + "}",
            "data.test={avro: " + data.resolve("test.avro") + "}",
            "network.hidden=[256,128]",
            "runtime.web-ui-port=0",
            "output.directory=" + out.resolve("tuned")
        };

        CliRun other = CliRun.of(concat(job, "--from", snapshot.toString()));
        assertThat(other.exitCode()).as(other.transcript()).isEqualTo(3);
        assertThat(other.firstErrLine())
                .isEqualTo(
                        "error: "
                                + snapshot
                                + ": holds a 784-32-10 network, but the configured network is"
                                + " 784-256-128-10");

        Path notASnapshot = Files.writeString(out.resolve("notes.avro"), "not avro");
        CliRun none = CliRun.of(concat(job, "--from", notASnapshot.toString()));
        assertThat(none.exitCode()).as(none.transcript()).isEqualTo(3);
        assertThat(none.firstErrLine())
                .startsWith("error: " + notASnapshot + ": is not a model snapshot");
        assertThat(none.err().lines().count()).as(none.transcript()).isEqualTo(1);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
