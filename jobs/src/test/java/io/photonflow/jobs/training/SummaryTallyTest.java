package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** The summary's checkpointed tally: its state format, and time and restarts over jobs. */
class SummaryTallyTest {

    @Test
    void survivesItsStateFormat() throws Exception {
        SummaryTally tally = SummaryTally.start("job-a", 1_000);
        tally.trainingExamples = 6_000;
        tally.throughput = new StepThroughput(1_500, 3_500, 5_900, 60);
        tally.snapshotMillis = 4_000;
        tally.restartsAtSnapshot = 2;
        tally.evaluations.add(
                TrainingMetrics.newBuilder()
                        .setSplit(MetricsSplit.TEST)
                        .setStep(120)
                        .setEpoch(1)
                        .setExamples(1_000)
                        .setLoss(0.5)
                        .setAccuracy(0.8)
                        .setSamplesPerSecond(0)
                        .setTimestampMillis(3_000)
                        .build());
        SummaryTally.Serializer serializer = new SummaryTally.Serializer();

        SummaryTally restored =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(tally));

        assertThat(restored).usingRecursiveComparison().isEqualTo(tally);
    }

    @Test
    void readsTheFirstStateFormatWithoutAThroughput() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("job-a");
            out.writeLong(1_000);
            out.writeLong(0);
            out.writeLong(4_000);
            out.writeInt(0);
            out.writeInt(1);
            out.writeLong(6_000);
            out.writeInt(0);
        }

        SummaryTally restored = new SummaryTally.Serializer().deserialize(1, bytes.toByteArray());

        assertThat(restored.trainingExamples).isEqualTo(6_000);
        assertThat(restored.restartsAtSnapshot).isEqualTo(1);
        assertThat(restored.throughput).isEqualTo(StepThroughput.NONE);
    }

    @Test
    void theSameJobKeepsItsStartAndANewJobAddsTheTimeUpToTheSavepoint() {
        SummaryTally tally = SummaryTally.start("job-a", 1_000);
        tally.snapshotMillis = 4_000;
        tally.restartsAtSnapshot = 2;

        assertThat(tally.continuedIn("job-a", 9_000).elapsedMillis(10_000)).isEqualTo(9_000);

        SummaryTally resumed = tally.continuedIn("job-b", 60_000);
        assertThat(resumed.elapsedMillis(61_000))
                .as("3 s up to the savepoint, 1 s since")
                .isEqualTo(4_000);
        assertThat(resumed.previousJobsRestarts).isEqualTo(2);
    }
}
