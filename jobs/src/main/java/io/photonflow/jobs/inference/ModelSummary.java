package io.photonflow.jobs.inference;

import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.LayerSpec;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.FloatList;
import io.photonflow.math.ValueStatistics;
import io.photonflow.training.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The inspection of a model snapshot: what it is, what produced it, and its weights' figures. */
final class ModelSummary {

    private ModelSummary() {}

    static void print(Path file, PrintStream out) throws IOException {
        TrainedModel model = ModelFile.read(file);
        out.println(file + ": model snapshot");
        fields(model)
                .forEach((name, value) -> out.printf(Locale.ROOT, "  %-20s %s%n", name, value));
        out.println();
        out.printf(
                Locale.ROOT,
                "%-5s %-18s %-11s %-7s %12s %12s %12s%n",
                "layer",
                "kind",
                "shape",
                "tensor",
                "norm",
                "mean",
                "std");
        ModelSnapshot snapshot = model.snapshot();
        for (int l = 0; l < snapshot.getLayers().size(); l++) {
            LayerSpec layer = snapshot.getLayers().get(l);
            LayerParameters parameters = snapshot.getParameters().get(l);
            String kind =
                    layer.getKind().name().toLowerCase(Locale.ROOT) + " " + layer.getActivation();
            String shape = layer.getInputSize() + "x" + layer.getOutputSize();
            row(out, l, kind, shape, "W", ValueStatistics.of(floats(parameters.getWeights())));
            row(out, l, "", "", "b", ValueStatistics.of(floats(parameters.getBias())));
        }
    }

    /**
     * Everything the snapshot records about the run, in order: the one place to add a field when
     * the snapshot gains one (the projection, optimizer state, ...).
     */
    private static Map<String, String> fields(TrainedModel model) {
        ModelSnapshot snapshot = model.snapshot();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("network", model.describe());
        fields.put("algorithm", snapshot.getAlgorithm().toString());
        fields.put(
                "projection",
                snapshot.getProjection() != null
                        ? snapshot.getProjection().toString()
                        : "none recorded (backprop, or a snapshot older than the field)");
        fields.put("step", String.format(Locale.ROOT, "%,d", snapshot.getStep()));
        fields.put("epoch", Integer.toString(snapshot.getEpoch()));
        fields.put("config fingerprint", snapshot.getConfigFingerprint().toString());
        fields.put(
                "input scaling",
                String.format(
                        Locale.ROOT,
                        "(x - %s) / %s",
                        snapshot.getInputShift(),
                        snapshot.getInputScale()));
        long parameters = 0;
        for (LayerParameters layer : snapshot.getParameters()) {
            parameters += layer.getWeights().size() + layer.getBias().size();
        }
        fields.put("parameters", String.format(Locale.ROOT, "%,d", parameters));
        fields.put(
                "optimizer state",
                snapshot.getOptimizerState() != null
                        ? "recorded: train --from resumes this run exactly"
                        : "not recorded: --from starts from the weights only");
        return fields;
    }

    private static void row(
            PrintStream out, int l, String kind, String shape, String tensor, ValueStatistics s) {
        out.printf(
                Locale.ROOT,
                "%-5s %-18s %-11s %-7s %12.6g %12.6g %12.6g%n",
                kind.isEmpty() ? "" : Integer.toString(l),
                kind,
                shape,
                tensor,
                s.norm(),
                s.mean(),
                s.standardDeviation());
    }

    private static float[] floats(List<Float> values) {
        return FloatList.toArray(values);
    }
}
