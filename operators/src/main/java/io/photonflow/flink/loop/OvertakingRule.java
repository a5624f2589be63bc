package io.photonflow.flink.loop;

import java.io.Serializable;

/**
 * Which input records of a loop head may pass records held back ahead of them: those whose order
 * among the others does not matter (a layer's predictions, which change no weights). Serializable,
 * because the head carries it into the job.
 *
 * @param <T> the records it reads
 */
@FunctionalInterface
public interface OvertakingRule<T> extends Serializable {

    /** Whether {@code record} may pass held records that arrived before it. */
    boolean mayOvertake(T record);
}
