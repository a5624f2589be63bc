package io.photonflow.jobs.training;

import io.photonflow.avro.TrainingMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What {@link SummarySink} has counted so far, as it goes into checkpoints and savepoints: the
 * evaluations, the training examples and their throughput, and the time and restarts of the jobs
 * that ran the run. Times are wall-clock milliseconds since the epoch. Version 1 of the state had
 * no throughput: a run restored from it measures its throughput from the first step after the
 * restore.
 */
final class SummaryTally {

    String jobId;
    long jobStartMillis;
    long previousJobsMillis;
    long snapshotMillis;
    int previousJobsRestarts;
    int restartsAtSnapshot;
    long trainingExamples;
    StepThroughput throughput = StepThroughput.NONE;
    final List<TrainingMetrics> evaluations = new ArrayList<>();

    /** A fresh tally of the job {@code jobId}, started now. */
    static SummaryTally start(String jobId, long now) {
        SummaryTally tally = new SummaryTally();
        tally.jobId = jobId;
        tally.jobStartMillis = now;
        return tally;
    }

    /**
     * The tally going on in job {@code jobId} from this restored one: the same job after a restart
     * keeps its start; a new job (resumed from a savepoint) adds the time and restarts of the one
     * that took the savepoint, up to that savepoint.
     */
    SummaryTally continuedIn(String jobId, long now) {
        if (!jobId.equals(this.jobId)) {
            previousJobsMillis += snapshotMillis - jobStartMillis;
            previousJobsRestarts = restartsAtSnapshot;
            this.jobId = jobId;
            jobStartMillis = now;
        }
        return this;
    }

    /** Milliseconds the run has taken until {@code now}. */
    long elapsedMillis(long now) {
        return previousJobsMillis + now - jobStartMillis;
    }

    /** Checkpoint state, in its own format so that it does not depend on Java serialization. */
    static final class Serializer implements SimpleVersionedSerializer<SummaryTally> {

        @Override
        public int getVersion() {
            return 2;
        }

        @Override
        public byte[] serialize(SummaryTally tally) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(tally.jobId);
                out.writeLong(tally.jobStartMillis);
                out.writeLong(tally.previousJobsMillis);
                out.writeLong(tally.snapshotMillis);
                out.writeInt(tally.previousJobsRestarts);
                out.writeInt(tally.restartsAtSnapshot);
                out.writeLong(tally.trainingExamples);
                out.writeLong(tally.throughput.firstMillis());
                out.writeLong(tally.throughput.lastMillis());
                out.writeLong(tally.throughput.examples());
                out.writeLong(tally.throughput.steps());
                out.writeInt(tally.evaluations.size());
                for (TrainingMetrics metrics : tally.evaluations) {
                    ByteBuffer avro = metrics.toByteBuffer();
                    out.writeInt(avro.remaining());
                    out.write(avro.array(), avro.arrayOffset() + avro.position(), avro.remaining());
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public SummaryTally deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 && version != 2) {
                throw new IOException("unknown version " + version + " of the summary's state");
            }
            SummaryTally tally = new SummaryTally();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                tally.jobId = in.readUTF();
                tally.jobStartMillis = in.readLong();
                tally.previousJobsMillis = in.readLong();
                tally.snapshotMillis = in.readLong();
                tally.previousJobsRestarts = in.readInt();
                tally.restartsAtSnapshot = in.readInt();
                tally.trainingExamples = in.readLong();
                if (version >= 2) {
                    tally.throughput =
                            new StepThroughput(
                                    in.readLong(), in.readLong(), in.readLong(), in.readLong());
                }
                int evaluations = in.readInt();
                for (int i = 0; i < evaluations; i++) {
                    byte[] avro = new byte[in.readInt()];
                    in.readFully(avro);
                    tally.evaluations.add(TrainingMetrics.fromByteBuffer(ByteBuffer.wrap(avro)));
                }
            }
            return tally;
        }
    }
}
