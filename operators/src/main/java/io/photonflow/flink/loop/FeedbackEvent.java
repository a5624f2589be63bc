package io.photonflow.flink.loop;

/** What travels through a feedback channel, from tail to head. */
sealed interface FeedbackEvent<T>
        permits FeedbackEvent.Element, FeedbackEvent.Sentinel, FeedbackEvent.End {

    /** A record fed back. */
    record Element<T>(T value) implements FeedbackEvent<T> {}

    /** The tail has sent everything that precedes checkpoint {@code checkpointId}. */
    record Sentinel<T>(long checkpointId) implements FeedbackEvent<T> {}

    /** The tail has finished: nothing more will come. */
    record End<T>() implements FeedbackEvent<T> {}
}
