package io.photonflow.flink.loop;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The tail of a feedback loop: hands every record it receives to the head subtask of the same
 * index in this JVM, and tells the head where each checkpoint falls in that stream.
 *
 * <p>It must run with the head's parallelism, in the head's slot sharing group and co-location
 * group, so that subtask i of both shares a TaskManager.
 *
 * @param <T> the fed-back records
 */
public final class LoopTailOperator<T> extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<T, Void> {

    private static final long serialVersionUID = 1L;

    private final String loopId;

    private transient FeedbackKey key;
    private transient FeedbackChannel<T> channel;

    public LoopTailOperator(String loopId) {
        this.loopId = loopId;
    }

    @Override
    public void open() throws Exception {
        super.open();
        key = LoopKeys.of(getRuntimeContext(), loopId);
        channel = FeedbackBroker.channel(key);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        channel.send(new FeedbackEvent.Element<>(element.getValue()));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        // Everything sent so far precedes this checkpoint's barrier in the loop.
        channel.send(new FeedbackEvent.Sentinel<>(checkpointId));
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        // An aborted checkpoint may never reach prepareSnapshotPreBarrier here; release a head
        // that is waiting for it. Its log belongs to a checkpoint nobody will restore.
        channel.send(new FeedbackEvent.Sentinel<>(checkpointId));
    }

    @Override
    public void finish() throws Exception {
        channel.send(new FeedbackEvent.End<>());
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (key != null) {
            FeedbackBroker.remove(key);
        }
        super.close();
    }
}
