package io.photonflow.flink.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FeedbackChannelTest {

    @Test
    void deliversEventsSentBeforeAndAfterRegistrationInOrderOnTheConsumersExecutor()
            throws Exception {
        FeedbackChannel<Integer> channel = new FeedbackChannel<>();
        channel.send(new FeedbackEvent.Element<>(0));
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
                                channel.send(new FeedbackEvent.Element<>(i));
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
        assertThat(threads).allMatch(name -> name.equals(threads.get(0)));
    }

    @Test
    void aClosedConsumerDoesNotFailTheProducer() {
        FeedbackChannel<Integer> channel = new FeedbackChannel<>();
        channel.registerConsumer(
                event -> {},
                command -> {
                    throw new RejectedExecutionException("mailbox closed");
                });
        channel.send(new FeedbackEvent.Element<>(1));
        channel.send(new FeedbackEvent.Element<>(2));
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
}
