package io.photonflow.flink.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FeedbackChannelTest {

    @Test
    void deliversEventsSentBeforeAndAfterRegistrationInOrderOnTheConsumersExecutor()
            throws Exception {
        FeedbackChannel<Integer> channel = new FeedbackChannel<>();
        channel.send(element(0));
        ExecutorService consumerThread = Executors.newSingleThreadExecutor();
        List<Integer> received = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        channel.registerConsumer(
                event -> {
                    threads.add(Thread.currentThread().getName());
                    if (event instanceof FeedbackEvent.Element<Integer> element) {
                        received.add(element.value());
                    }
                },
                consumerThread);
        Thread producer =
                new Thread(
                        () -> {
                            for (int i = 1; i <= 10_000; i++) {
                                channel.send(element(i));
                            }
                            channel.send(new FeedbackEvent.End<>());
                        });
        producer.start();
        producer.join();
        consumerThread.submit(() -> {}).get();
        consumerThread.shutdown();
        assertThat(consumerThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(received).hasSize(10_001);
        for (int i = 0; i <= 10_000; i++) {
            assertThat(received.get(i)).isEqualTo(i);
        }
        assertThat(threads).hasSize(10_002).allMatch(name -> name.equals(threads.get(0)));
    }

    @Test
    void aClosedConsumerFailsNeitherTheProducerNorIsAskedAgain() {
        FeedbackChannel<Integer> channel = new FeedbackChannel<>();
        AtomicInteger attempts = new AtomicInteger();
        channel.registerConsumer(
                event -> {},
                command -> {
                    attempts.incrementAndGet();
                    throw new RejectedExecutionException("mailbox closed");
                });

        assertThatCode(
                        () -> {
                            channel.send(element(1));
                            channel.send(element(2));
                        })
                .doesNotThrowAnyException();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aLogHoldsTheQueuedElementsAndThoseSentUntilItCloses() {
        FeedbackChannel<Integer> channel = new FeedbackChannel<>();
        List<Runnable> mail = new ArrayList<>();
        List<Integer> consumed = new ArrayList<>();
        channel.registerConsumer(event -> consumed.add(value(event)), mail::add);
        channel.send(element(1));
        runAll(mail);
        channel.send(element(2));

        channel.openLog(7);
        channel.send(element(3));
        runAll(mail);
        channel.send(new FeedbackEvent.End<>());
        List<Integer> log = channel.closeLog(7);
        channel.send(element(4));

        assertThat(consumed).containsExactly(1, 2, 3);
        assertThat(log).containsExactly(2, 3);
    }

    @Test
    void severalLogsAreOpenAtOnceAndClosingOneDropsTheOlder() {
        FeedbackChannel<Integer> channel = new FeedbackChannel<>();
        channel.openLog(1);
        channel.send(element(10));
        channel.openLog(2);
        channel.send(element(20));
        channel.openLog(3);
        channel.send(element(30));

        assertThat(channel.closeLog(2)).containsExactly(10, 20, 30);
        assertThat(channel.closeLog(1)).as("older than a closed one: dropped").isEmpty();
        channel.send(element(40));
        assertThat(channel.closeLog(3)).containsExactly(10, 20, 30, 40);
    }

    @Test
    void anAbortedCheckpointsLogIsDropped() {
        FeedbackChannel<Integer> channel = new FeedbackChannel<>();
        channel.openLog(1);
        channel.send(element(10));
        channel.openLog(2);
        channel.send(element(20));

        channel.dropLog(2);

        assertThat(channel.closeLog(1)).containsExactly(10, 20);
        assertThat(channel.closeLog(2)).isEmpty();
    }

    @Test
    void brokerHandsBothEndsTheSameChannelPerKey() {
        FeedbackKey key = new FeedbackKey("job", "loop-0", 0, 0);
        FeedbackChannel<Integer> head = FeedbackBroker.channel(key);
        assertThat(FeedbackBroker.<Integer>channel(key)).isSameAs(head);
        assertThat(FeedbackBroker.<Integer>channel(new FeedbackKey("job", "loop-0", 0, 1)))
                .isNotSameAs(head);
        FeedbackBroker.remove(key);
        assertThat(FeedbackBroker.<Integer>channel(key)).isNotSameAs(head);
    }

    private static FeedbackEvent<Integer> element(int value) {
        return new FeedbackEvent.Element<>(value, false);
    }

    private static int value(FeedbackEvent<Integer> event) {
        return event instanceof FeedbackEvent.Element<Integer> element ? element.value() : -1;
    }

    private static void runAll(List<Runnable> mail) {
        while (!mail.isEmpty()) {
            mail.remove(0).run();
        }
    }
}
