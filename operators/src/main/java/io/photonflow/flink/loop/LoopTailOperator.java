package io.photonflow.flink.loop;

import java.io.InputStream;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.OperatorStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StatePartitionStreamProvider;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The tail of a feedback loop: hands every record it receives to the head subtask of the same index
 * in this JVM, and stores the records in flight on the loop at each checkpoint.
 *
 * <p>The head opened the checkpoint's log when its barrier left; at this operator's {@link
 * #prepareSnapshotPreBarrier} everything it sent before the barrier is in the log, which it closes
 * and writes into raw operator state. Those are exactly the records that the head's side of the
 * checkpoint has not seen and this side has already produced. On restore it sends them into the
 * channel again, marked as replayed, before anything new. Nobody waits for anybody.
 *
 * <p>It must run with the head's parallelism, in the head's slot sharing group and co-location
 * group, so that subtask i of both shares a TaskManager.
 *
 * @param <T> the fed-back records
 */
final class LoopTailOperator<T> extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<T, Void> {

    private static final long serialVersionUID = 1L;

    private final String loopId;

    private transient FeedbackKey key;
    private transient FeedbackChannel<T> channel;
    private transient TypeSerializer<T> serializer;
    private transient long closedCheckpoint;
    private transient List<T> closedLog;

    /**
     * @param loopId names the loop; the head uses the same id
     */
    LoopTailOperator(String loopId) {
        this.loopId = loopId;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        serializer = getOperatorConfig().getTypeSerializerIn(0, getUserCodeClassloader());
        key = LoopKeys.of(getRuntimeContext(), loopId);
        channel = FeedbackBroker.channel(key);
        for (StatePartitionStreamProvider partition : context.getRawOperatorStateInputs()) {
            try (InputStream in = partition.getStream()) {
                DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
                int size = view.readInt();
                for (int i = 0; i < size; i++) {
                    channel.send(new FeedbackEvent.Element<>(serializer.deserialize(view), true));
                }
            }
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        channel.send(new FeedbackEvent.Element<>(element.getValue(), false));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        closedLog = channel.closeLog(checkpointId);
        closedCheckpoint = checkpointId;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (closedLog == null || closedCheckpoint != context.getCheckpointId()) {
            throw new IllegalStateException(
                    "loop "
                            + loopId
                            + ": no feedback log closed for checkpoint "
                            + context.getCheckpointId());
        }
        OperatorStateCheckpointOutputStream out = context.getRawOperatorStateOutput();
        out.startNewPartition();
        DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
        view.writeInt(closedLog.size());
        for (T value : closedLog) {
            serializer.serialize(value, view);
        }
        closedLog = null;
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        channel.dropLog(checkpointId);
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
