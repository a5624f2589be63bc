package io.photonflow.flink.loop;

import java.io.Serializable;
import java.util.function.ToLongFunction;

/**
 * The progress of a loop, as a number that only grows: how far a fed-back record takes the loop, or
 * how far the loop must be before an input record may pass its head (for a layer: weight versions).
 * Serializable, because the head carries it into the job.
 *
 * @param <T> the records it reads
 */
@FunctionalInterface
public interface ProgressFunction<T> extends ToLongFunction<T>, Serializable {}
