package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import java.util.List;

/**
 * A split as loaded from its files: the examples that passed validation, and a dead letter for each
 * one that did not.
 */
public record LoadedSplit(Dataset dataset, List<DeadLetter> rejected) {

    public LoadedSplit {
        rejected = List.copyOf(rejected);
    }
}
