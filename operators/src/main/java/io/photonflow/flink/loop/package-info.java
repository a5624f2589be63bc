/**
 * The feedback edge from an update operator back to its layer operator. Flink 2.x has no
 * iteration API, so the loop is built the way Apache Flink Stateful Functions built its own: a
 * head and a tail operator with equal parallelism, co-located in one TaskManager, handing records
 * over through an in-JVM channel that the head drains on its mailbox thread; a checkpoint sentinel
 * from the tail tells the head when its feedback log for a checkpoint is complete.
 *
 * <p>This package touches Flink internals ({@code @Internal} operator APIs) and nothing else of
 * photonflow does: porting to the next Flink version should be confined to it.
 */
package io.photonflow.flink.loop;
