package io.photonflow.flink.loop;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide meeting point of heads and tails: whichever side comes first creates the channel of
 * a key, both sides remove it when they close.
 */
final class FeedbackBroker {

    private static final ConcurrentMap<FeedbackKey, FeedbackChannel<?>> CHANNELS =
            new ConcurrentHashMap<>();

    private FeedbackBroker() {}

    @SuppressWarnings("unchecked")
    static <T> FeedbackChannel<T> channel(FeedbackKey key) {
        return (FeedbackChannel<T>) CHANNELS.computeIfAbsent(key, k -> new FeedbackChannel<>());
    }

    static void remove(FeedbackKey key) {
        CHANNELS.remove(key);
    }
}
