package io.photonflow.flink.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.flink.operators.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.typeutils.runtime.EitherSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop head on Flink's operator harness. Feedback and input are both numbers: a fed-back number
 * is the progress it brings, an input number's magnitude the progress it needs; negative input
 * numbers may overtake held ones.
 */
class LoopHeadOperatorTest {

    private static final String LOOP = "loop-test";

    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private final List<OneInputStreamOperatorTestHarness<Long, Either<Long, Long>>> harnesses =
            new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (OneInputStreamOperatorTestHarness<?, ?> harness : harnesses) {
            harness.close();
        }
    }

    @Test
    void holdsInputBackUntilItsProgressHasArrivedAndKeepsTheOrder() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofSeconds(30));
        FeedbackChannel<Long> channel = channel(harness);
        harness.processElement(0L, 0);
        List<List<Either<Long, Long>>> seenBeforeFeedback = new ArrayList<>();
        Thread tail =
                new Thread(
                        () -> {
                            pause();
                            seenBeforeFeedback.add(List.copyOf(harness.extractOutputValues()));
                            channel.send(new FeedbackEvent.Element<>(1L, false));
                            pause();
                            seenBeforeFeedback.add(List.copyOf(harness.extractOutputValues()));
                            channel.send(new FeedbackEvent.Element<>(2L, false));
                        });
        tail.start();

        harness.processElement(2L, 0);
        tail.join();
        harness.processElement(1L, 0);

        assertThat(seenBeforeFeedback)
                .hasSize(2)
                .allSatisfy(seen -> assertThat(seen).doesNotContain(Either.Right(2L)));
        assertThat(harness.extractOutputValues())
                .containsExactly(
                        Either.Right(0L),
                        Either.Left(1L),
                        Either.Left(2L),
                        Either.Right(2L),
                        Either.Right(1L));
    }

    @Test
    void passesFeedbackDownstreamAndCountsReplayedRecords() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofSeconds(30));
        FeedbackChannel<Long> channel = channel(harness);
        channel.send(new FeedbackEvent.Element<>(3L, true));
        channel.send(new FeedbackEvent.Element<>(4L, true));
        channel.send(new FeedbackEvent.Element<>(5L, false));

        runMail(harness);

        assertThat(harness.extractOutputValues())
                .containsExactly(Either.Left(3L), Either.Left(4L), Either.Left(5L));
        assertThat(replayedCounter().getCount()).isEqualTo(2);
    }

    @Test
    void failsWhenTheProgressDoesNotArriveInTime() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofMillis(200));
        channel(harness).send(new FeedbackEvent.Element<>(1L, false));

        assertThatThrownBy(() -> harness.processElement(2L, 0))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining(LOOP)
                .hasMessageContaining("progress 2")
                .hasMessageContaining("reached 1");
        assertThat(harness.extractOutputValues()).containsExactly(Either.Left(1L));
    }

    @Test
    void failsWhenTheTailEndsWhileItWaits() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofSeconds(30));
        channel(harness).send(new FeedbackEvent.End<>());

        assertThatThrownBy(() -> harness.processElement(1L, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(LOOP)
                .hasMessageContaining("ended")
                .hasMessageContaining("progress 1");
    }

    @Test
    void holdsUpToItsLimitWithoutBlockingAndLetsOvertakingRecordsPass() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofSeconds(30), 2);
        FeedbackChannel<Long> channel = channel(harness);
        channel.send(new FeedbackEvent.Element<>(1L, false));
        runMail(harness);

        harness.processElement(3L, 0);
        harness.processElement(2L, 0);
        harness.processElement(-1L, 0);
        assertThat(harness.extractOutputValues())
                .as("3 and 2 held without blocking, -1 past them")
                .containsExactly(Either.Left(1L), Either.Right(-1L));

        channel.send(new FeedbackEvent.Element<>(2L, false));
        runMail(harness);
        assertThat(harness.extractOutputValues())
                .as("2 keeps its place behind 3")
                .containsExactly(Either.Left(1L), Either.Right(-1L), Either.Left(2L));

        channel.send(new FeedbackEvent.Element<>(3L, false));
        runMail(harness);
        assertThat(harness.extractOutputValues())
                .containsExactly(
                        Either.Left(1L),
                        Either.Right(-1L),
                        Either.Left(2L),
                        Either.Left(3L),
                        Either.Right(3L),
                        Either.Right(2L));
    }

    @Test
    void blocksItsInputBeyondItsLimit() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofMillis(200), 1);
        harness.processElement(2L, 0);

        assertThatThrownBy(() -> harness.processElement(-3L, 0))
                .as("a second held record waits for the first one's progress, and times out")
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("progress 2")
                .hasMessageContaining("reached 0");
    }

    @Test
    void releasesWhatItHoldsBeforeItsInputEnds() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofSeconds(30), 2);
        FeedbackChannel<Long> channel = channel(harness);
        harness.processElement(1L, 0);
        Thread tail =
                new Thread(
                        () -> {
                            pause();
                            channel.send(new FeedbackEvent.Element<>(1L, false));
                        });
        tail.start();

        harness.endInput();
        tail.join();

        assertThat(harness.extractOutputValues())
                .containsExactly(Either.Left(1L), Either.Right(1L));
    }

    @Test
    void keepsTheRecordsItHoldsInItsCheckpoint() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> before =
                open(Duration.ofSeconds(30), 2);
        before.processElement(2L, 0);
        before.processElement(-1L, 0);
        before.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = before.snapshot(1, 1);

        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> after =
                harness(Duration.ofSeconds(30), 2);
        after.initializeState(snapshot);
        after.open();
        channel(after).send(new FeedbackEvent.Element<>(2L, false));
        runMail(after);

        assertThat(after.extractOutputValues())
                .containsExactly(Either.Left(2L), Either.Right(2L), Either.Right(-1L));
    }

    @Test
    void restoresItsProgressFromACheckpoint() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> before =
                open(Duration.ofSeconds(30));
        channel(before).send(new FeedbackEvent.Element<>(3L, false));
        runMail(before);
        before.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = before.snapshot(1, 1);

        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> after =
                harness(Duration.ofMillis(200));
        after.initializeState(snapshot);
        after.open();
        after.processElement(3L, 0);

        assertThat(after.extractOutputValues()).containsExactly(Either.Right(3L));
    }

    @Test
    void opensTheChannelsLogOfACheckpointBeforeItsBarrierLeaves() throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                open(Duration.ofSeconds(30));
        FeedbackChannel<Long> channel = channel(harness);
        channel.send(new FeedbackEvent.Element<>(1L, false));
        runMail(harness);
        channel.send(new FeedbackEvent.Element<>(2L, false));

        harness.prepareSnapshotPreBarrier(4);
        channel.send(new FeedbackEvent.Element<>(3L, false));

        assertThat(channel.closeLog(4)).containsExactly(2L, 3L);
    }

    private OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> open(Duration timeout)
            throws Exception {
        return open(timeout, 0);
    }

    private OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> open(
            Duration timeout, int holdLimit) throws Exception {
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                harness(timeout, holdLimit);
        harness.open();
        return harness;
    }

    private OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness(Duration timeout)
            throws Exception {
        return harness(timeout, 0);
    }

    private OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness(
            Duration timeout, int holdLimit) throws Exception {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setRegisterConsumer(
                                (metric, name, group) ->
                                        metrics.put(group.getMetricIdentifier(name), metric))
                        .build();
        MockEnvironmentBuilder environment =
                new MockEnvironmentBuilder()
                        .setMetricGroup(
                                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                                registry, "localhost", ResourceID.generate())
                                        .addJob(new JobID(), "job")
                                        .addTask(ExecutionAttemptID.randomId(), "task"));
        LoopHeadOperator<Long, Long> head =
                new LoopHeadOperator<>(
                        LOOP,
                        timeout,
                        feedback -> feedback,
                        Math::abs,
                        0,
                        holdLimit,
                        input -> input < 0);
        OneInputStreamOperatorTestHarness<Long, Either<Long, Long>> harness =
                new OneInputStreamOperatorTestHarness<>(
                        head, LongSerializer.INSTANCE, environment.build());
        // A task hands its operators an executor on its mailbox; the harness leaves that to us.
        head.setMailboxExecutor(
                new MailboxExecutorImpl(
                        harness.getTaskMailbox(), 0, StreamTaskActionExecutor.IMMEDIATE));
        harness.setup(new EitherSerializer<>(LongSerializer.INSTANCE, LongSerializer.INSTANCE));
        harnesses.add(harness);
        return harness;
    }

    private static FeedbackChannel<Long> channel(OneInputStreamOperatorTestHarness<?, ?> harness) {
        return FeedbackBroker.channel(LoopKeys.of(harness.getOperator().getRuntimeContext(), LOOP));
    }

    /** Runs the mail the channel left in the task's mailbox, as the task's mailbox loop would. */
    private static void runMail(OneInputStreamOperatorTestHarness<?, ?> harness) throws Exception {
        TaskMailbox mailbox = harness.getTaskMailbox();
        for (var mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY);
                mail.isPresent();
                mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)) {
            mail.get().run();
        }
    }

    private Counter replayedCounter() {
        String suffix = Metrics.GROUP + "." + Metrics.FEEDBACK_REPLAYED;
        return metrics.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith(suffix))
                .map(entry -> (Counter) entry.getValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no counter " + suffix + " in " + metrics));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
