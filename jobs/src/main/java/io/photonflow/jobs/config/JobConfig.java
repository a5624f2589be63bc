package io.photonflow.jobs.config;

import io.photonflow.data.DataSpec;
import io.photonflow.data.SnapshotStart;
import io.photonflow.math.Algorithm;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.Sharding;
import io.photonflow.math.StartingPoint;
import io.photonflow.math.projection.ProjectionSpec;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.Seeds;
import io.photonflow.model.TrainingSetup;
import io.photonflow.model.TrainingSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A training job, as written in a YAML file under {@code conf/} (keys in kebab-case, e.g. {@code
 * optimizer.learning-rate}). Every key has a default in {@code defaults.yaml}.
 *
 * @param name the job's name in Flink
 * @param data where the examples come from
 * @param network the layers
 * @param algorithm dfa or bp
 * @param projection DFA's feedback projection
 * @param optimizer the optimizer
 * @param training batch size, epochs, staleness
 * @param seeds data order, initial weights, feedback matrices
 * @param checkpointing Flink checkpoints
 * @param diagnostics optional measurements (alignment angles)
 * @param runtime how the job runs (threads, web UI, progress, timeouts)
 * @param output where results are written
 * @param faults fault injection for recovery tests
 * @param online online learning from Kafka ({@code photonflow online} only)
 * @param initialModel a model snapshot whose weights (and input scaling) the run starts from, for a
 *     warm start or fine-tuning; null to start from the weights seeded by {@code seeds.init}
 */
public record JobConfig(
        String name,
        DataSpec data,
        NetworkSpec network,
        Algorithm algorithm,
        ProjectionSpec projection,
        OptimizerSpec optimizer,
        TrainingSpec training,
        Seeds seeds,
        CheckpointingSpec checkpointing,
        DiagnosticsSpec diagnostics,
        RuntimeSpec runtime,
        OutputSpec output,
        FaultSpec faults,
        OnlineSpec online,
        String initialModel)
        implements Serializable {

    /**
     * Where training starts: the weights seeded by {@code seeds.init}, or {@code initial-model}'s
     * snapshot, resumed exactly when a run of this configuration wrote it, else fine-tuned from.
     */
    public StartingPoint startingPoint() {
        return initialModel == null
                ? StartingPoint.seeded(seeds.init())
                : new SnapshotStart(initialModel, ConfigLoader.fingerprint(this));
    }

    /** The part of the configuration that determines the trained weights, apart from data. */
    public TrainingSetup setup() {
        return new TrainingSetup(
                network,
                algorithm,
                projection,
                optimizer,
                training,
                seeds,
                runtime == null || runtime.sharding() == null ? Sharding.NONE : runtime.sharding());
    }

    /** What cannot run on layers split into shards, where {@code runtime.shards} splits them. */
    private List<String> shardingProblems() {
        List<String> problems = new ArrayList<>();
        if (network == null
                || !network.problems("network").isEmpty()
                || runtime == null
                || runtime.sharding() == null
                || !runtime.sharding().problems(network.layers(), "runtime.shards").isEmpty()
                || !runtime.sharding().splits(network.layers().size())) {
            return problems;
        }
        if (diagnostics != null && diagnostics.alignmentEvery() > 0) {
            problems.add(
                    "diagnostics.alignment-every measures whole layers; runtime.shards splits"
                            + " them");
        }
        return problems;
    }

    /** Every problem with this configuration, each naming its key; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name must not be empty");
        }
        if (data == null) {
            problems.add("data is missing");
        } else {
            problems.addAll(data.problems("data"));
        }
        problems.addAll(setup().problems());
        problems.addAll(shardingProblems());
        if (data != null && network != null && network.kind() != null) {
            boolean gcn = network.kind() == NetworkSpec.Kind.GCN;
            if (gcn != data.isGraph()) {
                problems.add(
                        gcn
                                ? "data.graph must name a graph dataset for a gcn network"
                                : "data.graph is for gcn networks; set network.kind=gcn or"
                                        + " remove data.graph");
            }
            if (gcn && diagnostics != null && diagnostics.alignmentEvery() > 0) {
                problems.add("diagnostics.alignment-every applies to dense networks only");
            }
        }
        check("checkpointing", checkpointing, problems);
        check("diagnostics", diagnostics, problems);
        check("runtime", runtime, problems);
        check("output", output, problems);
        check("faults", faults, problems);
        check("online", online, problems);
        if (initialModel != null && initialModel.isBlank()) {
            problems.add("initial-model must name a model snapshot file, or be null");
        }
        return problems;
    }

    private static void check(String key, ConfigSection section, List<String> problems) {
        if (section == null) {
            problems.add(key + " is missing");
        } else {
            problems.addAll(section.problems(key));
        }
    }
}
