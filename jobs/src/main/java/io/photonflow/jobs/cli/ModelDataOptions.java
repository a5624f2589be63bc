package io.photonflow.jobs.cli;

import io.photonflow.data.SplitSource;
import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.jobs.inference.ModelData;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options that name the data a trained model runs on, as a job configuration names a split: an
 * idx pair (or idx images alone), an Avro file of examples, or a graph for a GCN.
 */
final class ModelDataOptions {

    @Option(
            names = "--images",
            paramLabel = "FILE",
            description = "idx3 image file (plain or gzip), as data.test.images.")
    Path images;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "idx1 label file of --images, as data.test.labels.")
    Path labels;

    @Option(
            names = "--avro",
            paramLabel = "FILE",
            description = "Avro container file of io.photonflow.avro.Example records.")
    Path avro;

    @Option(
            names = "--graph",
            paramLabel = "DIR",
            description = "GCN models: a graph folder (nodes.tsv, edges.tsv, split.tsv).")
    Path graph;

    @Option(
            names = "--graph-normalization",
            paramLabel = "row|none",
            defaultValue = "row",
            description =
                    "Graphs: scale every node's features to sum to 1 (row), as data.normalization"
                            + " of the training run (default ${DEFAULT-VALUE}).")
    String normalization;

    @Option(
            names = "--split",
            paramLabel = "train|val|test|all",
            description = "Graphs: the nodes to use (predict: all, evaluate: test by default).")
    String split;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Use only the first N records of the file, as data.test-limit (0: all).")
    int limit;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "1000",
            description =
                    "Examples per forward pass, as training.eval-batch-size (default"
                            + " ${DEFAULT-VALUE}); the training run's figures are matched"
                            + " exactly with its size.")
    int batchSize;

    /**
     * The data these options name.
     *
     * @param defaultSplit the graph split without --split
     * @param labelsNeeded whether idx images need their label file (an evaluation)
     */
    ModelData toModelData(String defaultSplit, boolean labelsNeeded) {
        int given = (images != null ? 1 : 0) + (avro != null ? 1 : 0) + (graph != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(
                    "give the data as one of --images FILE [--labels FILE], --avro FILE or"
                            + " --graph DIR");
        }
        if (labels != null && images == null) {
            throw new IllegalArgumentException("--labels goes with --images");
        }
        if (labelsNeeded && images != null && labels == null) {
            throw new IllegalArgumentException("--images needs --labels to evaluate against");
        }
        if (graph == null && split != null) {
            throw new IllegalArgumentException("--split applies to --graph only");
        }
        if (graph != null && limit != 0) {
            throw new IllegalArgumentException(
                    "--limit applies to examples only; choose a graph's nodes with --split");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all) or more, got " + limit);
        }
        if (graph != null) {
            return new ModelData(
                    null,
                    new GraphSource(graph.toString(), rowNormalized()),
                    graphSplit(split == null ? defaultSplit : split),
                    limit,
                    batchSize);
        }
        SplitSource source =
                avro != null
                        ? new SplitSource(null, null, avro.toString())
                        : new SplitSource(
                                images.toString(), labels == null ? null : labels.toString(), null);
        return new ModelData(source, null, null, limit, batchSize);
    }

    private boolean rowNormalized() {
        return switch (normalization.toLowerCase(Locale.ROOT)) {
            case "row" -> true;
            case "none" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "--graph-normalization must be row or none, got " + normalization);
        };
    }

    private static GraphDataset.Split graphSplit(String name) {
        if (name.equalsIgnoreCase("all")) {
            return null;
        }
        for (GraphDataset.Split split : GraphDataset.Split.values()) {
            if (split.fileName().equalsIgnoreCase(name)) {
                return split;
            }
        }
        throw new IllegalArgumentException(
                "--split must be one of train, val, test, all, got " + name);
    }
}
