package io.photonflow.flink.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop tail on Flink's operator harness, with the test standing in for the head: it consumes
 * from the channel and opens logs where the head's barrier would leave.
 */
class LoopTailOperatorTest {

    private static final String LOOP = "loop-test";

    private final List<OneInputStreamOperatorTestHarness<Long, Void>> harnesses = new ArrayList<>();
    private final List<Runnable> headMail = new ArrayList<>();
    private final List<FeedbackEvent<Long>> consumed = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (OneInputStreamOperatorTestHarness<Long, Void> harness : harnesses) {
            harness.close();
        }
    }

    @Test
    void logsWhatIsInFlightFromTheHeadsBarrierToItsOwn() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Void> tail = tail();
        tail.open();
        FeedbackChannel<Long> channel = channel(tail);
        channel.registerConsumer(consumed::add, headMail::add);
        tail.processElement(1L, 0);
        runHeadMail();
        tail.processElement(2L, 0);

        channel.openLog(5);
        tail.processElement(3L, 0);
        tail.prepareSnapshotPreBarrier(5);
        tail.processElement(4L, 0);
        OperatorSubtaskState snapshot = tail.snapshot(5, 5);

        assertThat(replay(snapshot)).containsExactly(replayed(2L), replayed(3L), sent(9L));
    }

    @Test
    void anAbortedCheckpointLeavesNoLog() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Void> tail = tail();
        tail.open();
        FeedbackChannel<Long> channel = channel(tail);
        channel.openLog(6);
        tail.processElement(1L, 0);

        tail.getOperator().notifyCheckpointAborted(6);

        assertThat(channel.closeLog(6)).isEmpty();
    }

    @Test
    void tellsTheHeadWhenItHasFinished() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Void> tail = tail();
        tail.open();
        FeedbackChannel<Long> channel = channel(tail);
        channel.registerConsumer(consumed::add, headMail::add);
        tail.processElement(1L, 0);

        tail.getOperator().finish();
        runHeadMail();

        assertThat(consumed).containsExactly(sent(1L), new FeedbackEvent.End<>());
    }

    /**
     * What the head of a tail restored from {@code snapshot} receives, given one new record, once
     * the tail that took the snapshot has gone.
     */
    private List<FeedbackEvent<Long>> replay(OperatorSubtaskState snapshot) throws Exception {
        harnesses.remove(0).close();
        OneInputStreamOperatorTestHarness<Long, Void> restored = tail();
        restored.initializeState(snapshot);
        restored.open();
        List<FeedbackEvent<Long>> received = new ArrayList<>();
        List<Runnable> mail = new ArrayList<>();
        channel(restored).registerConsumer(received::add, mail::add);
        restored.processElement(9L, 0);
        while (!mail.isEmpty()) {
            mail.remove(0).run();
        }
        return received;
    }

    private OneInputStreamOperatorTestHarness<Long, Void> tail() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Void> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new LoopTailOperator<Long>(LOOP), LongSerializer.INSTANCE);
        harnesses.add(harness);
        return harness;
    }

    private static FeedbackChannel<Long> channel(OneInputStreamOperatorTestHarness<?, ?> harness) {
        return FeedbackBroker.channel(LoopKeys.of(harness.getOperator().getRuntimeContext(), LOOP));
    }

    private void runHeadMail() {
        while (!headMail.isEmpty()) {
            headMail.remove(0).run();
        }
    }

    private static FeedbackEvent<Long> sent(long value) {
        return new FeedbackEvent.Element<>(value, false);
    }

    private static FeedbackEvent<Long> replayed(long value) {
        return new FeedbackEvent.Element<>(value, true);
    }
}
