package io.photonflow.data;

import io.photonflow.avro.DeadLetter;
import java.util.List;

/**
 * One split as loaded: the usable examples and the rejected ones.
 *
 * @param dataset usable examples, in file order
 * @param rejected dead letters, in file order
 */
public record LoadedSplit(Dataset dataset, List<DeadLetter> rejected) {}
