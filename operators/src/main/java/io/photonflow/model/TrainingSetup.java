package io.photonflow.model;

import io.photonflow.math.Algorithm;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.Sharding;
import io.photonflow.math.projection.ProjectionSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything apart from the data that determines the trained weights: two runs with equal setups on
 * equal data produce bit-identical weights.
 *
 * @param network the layers
 * @param algorithm the training rule
 * @param projection the DFA feedback projection (unused under BP)
 * @param optimizer the optimizer
 * @param training the schedule
 * @param seeds the seeds
 * @param sharding the column shards of the hidden layers ({@link Sharding#NONE}: none), which
 *     change the order of the arithmetic and so the weights' last bits
 */
public record TrainingSetup(
        NetworkSpec network,
        Algorithm algorithm,
        ProjectionSpec projection,
        OptimizerSpec optimizer,
        TrainingSpec training,
        Seeds seeds,
        Sharding sharding)
        implements Serializable {

    /** A setup whose layers are not split into shards. */
    public TrainingSetup(
            NetworkSpec network,
            Algorithm algorithm,
            ProjectionSpec projection,
            OptimizerSpec optimizer,
            TrainingSpec training,
            Seeds seeds) {
        this(network, algorithm, projection, optimizer, training, seeds, Sharding.NONE);
    }

    /**
     * The optimizer of layer {@code layer}: the configured one, without weight decay above the
     * first layer of a graph network (Kipf and Welling regularize the first layer only).
     */
    public OptimizerSpec optimizerOf(int layer) {
        return network.kind() == NetworkSpec.Kind.GCN && layer > 0
                ? optimizer.withWeightDecay(0)
                : optimizer;
    }

    /** Problems with this setup, each naming the configuration key; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (network == null) {
            problems.add("network is missing");
        } else {
            problems.addAll(network.problems("network"));
        }
        if (algorithm == null) {
            problems.add("algorithm must be one of dfa, bp");
        }
        if (projection == null) {
            problems.add("projection is missing");
        } else {
            problems.addAll(projection.problems("projection"));
        }
        if (optimizer == null) {
            problems.add("optimizer is missing");
        } else {
            problems.addAll(optimizer.problems("optimizer"));
        }
        if (training == null) {
            problems.add("training is missing");
        } else {
            problems.addAll(training.problems("training"));
        }
        if (seeds == null) {
            problems.add("seeds is missing");
        }
        if (sharding == null) {
            problems.add("runtime.shards is missing");
        } else if (network != null && network.problems("network").isEmpty()) {
            problems.addAll(sharding.problems(network.layers(), "runtime.shards"));
            if (network.kind() == NetworkSpec.Kind.GCN
                    && sharding.splits(network.layers().size())) {
                problems.add("runtime.shards applies to dense networks only");
            }
        }
        if (algorithm == Algorithm.DFA && network != null && network.hidden().isEmpty()) {
            problems.add(
                    "network.hidden is empty, but algorithm dfa projects the error onto hidden"
                            + " layers: give at least one, or use algorithm=bp");
        }
        return problems;
    }
}
