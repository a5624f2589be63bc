/**
 * Feedback loops, such as the edge from an update operator back to its layer. Flink 2.x has no
 * iteration API, so the loop is built the way Apache Flink Stateful Functions built its own: a head
 * operator, chained ahead of the loop's first operator, and a tail operator with equal parallelism,
 * co-located in one TaskManager, handing records over through an in-JVM channel that the head
 * drains on its mailbox thread. The head holds input back until the feedback has brought the
 * progress it needs; the records in flight on the loop at a checkpoint are logged by the channel
 * from the head's barrier to the tail's and stored by the tail, so no operator waits at a
 * checkpoint.
 *
 * <p>{@link io.photonflow.flink.loop.FeedbackLoop} is the entry point. This package touches Flink
 * internals ({@code @Internal} operator APIs, raw state, co-location) and nothing else of
 * photonflow does: porting to the next Flink version should be confined to it.
 */
package io.photonflow.flink.loop;
