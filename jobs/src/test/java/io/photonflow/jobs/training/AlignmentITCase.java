package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.training.ReferenceTrainer;
import io.photonflow.data.ModelSnapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alignment diagnostic: sampled steps' probes follow backprop's path down the update
 * operators of a DFA dataflow and measure what the reference trainer measures.
 */
class AlignmentITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @BeforeAll
    static void data() {
        TestJobs.assumeFashionMnist();
    }

    @Test
    void dataflowMeasuresTheReferenceTrainersAnglesWithoutChangingTheWeights(@TempDir Path out)
            throws Exception {
        JobConfig config =
                TestJobs.small(out, "diagnostics.alignment-every=4", "training.staleness=1");

        TestJobs.runDataflow(config);
        ReferenceTrainer.Result reference = ReferenceRun.train(config, 4);

        List<AlignmentMeasurement> measured = read(config.output().path());
        measured.sort(
                Comparator.comparingLong(AlignmentMeasurement::getStep)
                        .thenComparing(m -> -m.getLayer()));
        assertThat(measured).hasSize(reference.alignment().size()).hasSize(2 * 40 / 4);
        for (int i = 0; i < measured.size(); i++) {
            ReferenceTrainer.Alignment expected = reference.alignment().get(i);
            assertThat(measured.get(i).getStep()).isEqualTo(expected.step());
            assertThat(measured.get(i).getLayer()).isEqualTo(expected.layer());
            assertThat(measured.get(i).getAngleDegrees()).isEqualTo(expected.angleDegrees());
        }
        // Early in DFA training the updates are nearly orthogonal to backprop's, on either side.
        assertThat(measured).allSatisfy(m -> assertThat(m.getAngleDegrees()).isBetween(0.0, 180.0));
        TestJobs.assertBitIdentical(
                ModelSnapshots.weights(TestJobs.model(config)), reference.weights());
    }

    private static List<AlignmentMeasurement> read(Path output) throws IOException {
        List<AlignmentMeasurement> all = new ArrayList<>();
        try (DataFileReader<AlignmentMeasurement> reader =
                new DataFileReader<>(
                        output.resolve(TrainingJob.ALIGNMENT_FILE).toFile(),
                        new SpecificDatumReader<>(AlignmentMeasurement.class))) {
            reader.forEach(all::add);
        }
        return all;
    }
}
