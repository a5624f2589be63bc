package io.photonflow.jobs.inference;

import io.photonflow.avro.DeadLetter;
import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.math.NdArrays;
import io.photonflow.training.GraphLayers;
import io.photonflow.training.TrainedModel;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The nodes of a graph run through a GCN: one forward pass over the whole graph (the same graph
 * convolutions as training, without dropout), of which the rows of the chosen nodes are kept.
 */
final class GraphNodes implements ModelData.Loaded {

    private final TrainedModel model;
    private final GraphSource source;
    private final GraphDataset.Split split;
    private final int[] nodes;
    private final int[] labels;

    private GraphNodes(
            TrainedModel model,
            GraphSource source,
            GraphDataset.Split split,
            int[] nodes,
            int[] labels) {
        this.model = model;
        this.source = source;
        this.split = split;
        this.nodes = nodes;
        this.labels = labels;
    }

    static GraphNodes load(
            TrainedModel model, GraphSource source, GraphDataset.Split split, boolean labelledOnly)
            throws IOException {
        GraphDataset graph = source.load();
        if (graph.featureCount() != model.inputWidth()) {
            throw new IllegalArgumentException(
                    source.directory()
                            + ": its nodes have "
                            + graph.featureCount()
                            + " features but the model's input is "
                            + model.inputWidth());
        }
        if (graph.classCount() > model.classes()) {
            throw new IllegalArgumentException(
                    source.directory()
                            + ": its nodes are labelled with "
                            + graph.classCount()
                            + " classes but the model has "
                            + model.classes());
        }
        int[] all = graph.labels();
        int[] nodes =
                split == null
                        ? IntStream.range(0, graph.nodeCount()).toArray()
                        : graph.nodes(split);
        if (labelledOnly) {
            nodes = IntStream.of(nodes).filter(node -> all[node] >= 0).toArray();
        }
        if (nodes.length == 0) {
            throw new IllegalArgumentException(
                    source.directory()
                            + ": no "
                            + (labelledOnly ? "labelled " : "")
                            + "node in "
                            + (split == null ? "the graph" : "the " + split.fileName() + " split"));
        }
        int[] labels = IntStream.of(nodes).map(node -> all[node]).toArray();
        return new GraphNodes(model, source, split, nodes, labels);
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%,d %s of the graph in %s",
                nodes.length,
                split == null ? "nodes" : split.fileName() + " nodes",
                source.directory());
    }

    @Override
    public int size() {
        return nodes.length;
    }

    @Override
    public List<DeadLetter> rejected() {
        return List.of();
    }

    @Override
    public void run(ModelData.BatchConsumer consumer) throws IOException {
        // Dropout only acts while training: its rate and seed do not enter this pass.
        float[] logits =
                NdArrays.toFloats(
                        model.logits(model.layers(GraphLayers.of(source, 0.0, 0L)), null));
        int classes = model.classes();
        float[] rows = new float[nodes.length * classes];
        String[] ids = new String[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            System.arraycopy(logits, nodes[i] * classes, rows, i * classes, classes);
            ids[i] = Integer.toString(nodes[i]);
        }
        consumer.accept(ids, NdArrays.matrix(rows, nodes.length, classes), labels);
    }
}
