package io.photonflow.jobs.bench;

import io.photonflow.math.Algorithm;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LearningRule;
import java.util.List;

/**
 * The bytes one training step moves between the dataflow's slot sharing groups, counted from the
 * shapes: the payload of the records (floats and labels), without their few bytes of framing. With
 * {@code runtime.placement=per-layer} on TaskManagers of one slot each, these are the bytes that
 * cross the network. What stays inside a group does not: a layer's context to its own update, the
 * fed-back weights (an in-JVM channel), and the logits and output error, since the error operator
 * shares the classifier's group.
 *
 * <ul>
 *   <li><b>Forward</b>, into Layer_l: each of its p_l shards receives every block of h_{l-1}, with
 *       the minibatch's labels on every block: p_l (batch in_l floats + p_{l-1} batch labels).
 *   <li><b>Backward under DFA</b>, with the shards projecting for themselves ({@code
 *       projection.at-shards}): e, batch x classes, to each shard of every hidden layer; nothing
 *       depends on the hidden widths.
 *   <li><b>Backward under BP</b>: into Update_l (l hidden) the p_{l+1} parts of delta W^T of the
 *       shards above, each batch x width_l: p_{l+1} batch width_l floats.
 * </ul>
 *
 * @param forward bytes into each layer, input to output
 * @param backward bytes of learning signals into each hidden layer's updates (their projections'
 *     input under DFA), input to output
 */
public record TrafficModel(List<Long> forward, List<Long> backward) {

    private static final int FLOAT = Float.BYTES;
    private static final int LABEL = Integer.BYTES;

    /** The traffic of one step of batch {@code batch} through {@code layers} under {@code rule}. */
    public static TrafficModel of(LearningRule rule, List<LayerShape> layers, int batch) {
        int depth = layers.size();
        int classes = layers.get(depth - 1).outputSize();
        Long[] forward = new Long[depth];
        Long[] backward = new Long[depth - 1];
        for (int l = 0; l < depth; l++) {
            int inputShards = l == 0 ? 1 : rule.shards(l - 1);
            long block = (long) batch * layers.get(l).inputSize() * FLOAT;
            forward[l] = rule.shards(l) * (block + (long) inputShards * batch * LABEL);
        }
        for (int l = 0; l < depth - 1; l++) {
            backward[l] =
                    rule.algorithm() == Algorithm.DFA
                            ? (long) rule.shards(l) * batch * classes * FLOAT
                            : (long) rule.shards(l + 1)
                                    * batch
                                    * layers.get(l).outputSize()
                                    * FLOAT;
        }
        return new TrafficModel(List.of(forward), List.of(backward));
    }

    /** All forward bytes of a step. */
    public long forwardTotal() {
        return forward.stream().mapToLong(Long::longValue).sum();
    }

    /** All backward bytes of a step. */
    public long backwardTotal() {
        return backward.stream().mapToLong(Long::longValue).sum();
    }
}
