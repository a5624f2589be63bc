package io.photonflow.flink.loop;

/**
 * Names one channel: a loop of one job, between the head and tail subtasks of one index, for one
 * execution attempt. The attempt keeps a restarted head from reading what a cancelled tail of the
 * previous attempt was still sending.
 *
 * @param jobId the job's id
 * @param loopId the loop within the job
 * @param subtask the subtask index of both head and tail
 * @param attempt the execution attempt of both head and tail
 */
public record FeedbackKey(String jobId, String loopId, int subtask, int attempt) {}
