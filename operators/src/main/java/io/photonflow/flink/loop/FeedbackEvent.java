package io.photonflow.flink.loop;

/** What travels through a feedback channel, from tail to head. */
sealed interface FeedbackEvent<T> permits FeedbackEvent.Element, FeedbackEvent.End {

    /**
     * A record fed back.
     *
     * @param value the record
     * @param replayed whether it comes from a restored checkpoint's log rather than from the tail's
     *     input
     */
    record Element<T>(T value, boolean replayed) implements FeedbackEvent<T> {}

    /** The tail has finished: nothing more will come. */
    record End<T>() implements FeedbackEvent<T> {}
}
