package io.photonflow.jobs.cli;

import io.photonflow.jobs.inference.ModelData;
import io.photonflow.jobs.inference.ModelFile;
import io.photonflow.jobs.inference.PredictionSink;
import io.photonflow.math.NativeThreads;
import io.photonflow.training.ModelPredictions;
import io.photonflow.training.TrainedModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code photonflow predict}: a trained model's predictions for examples or a graph's nodes, as
 * Avro {@code Prediction} records or CSV.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description =
                "Predict the class of every example (labelled or not) or graph node with a trained"
                        + " model, through the layer code of training; write Prediction records"
                        + " (Avro) or CSV.")
final class PredictCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "Model snapshot, e.g. runs/latest/model.avro (required).")
    Path model;

    @Spec CommandSpec spec;

    @Mixin ModelDataOptions data;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Where to write (default predictions.avro, or predictions.csv).")
    Path output;

    @Option(
            names = "--format",
            paramLabel = "avro|csv",
            description = "File format (default: csv for an --output ending in .csv, else avro).")
    String format;

    @Override
    public Integer call() {
        Required.option(spec, model, "--model=FILE");
        try {
            PredictionSink.Format fileFormat = format();
            Path file =
                    output != null
                            ? output
                            : Path.of("predictions." + fileFormat.name().toLowerCase(Locale.ROOT));
            NativeThreads.configure(1);
            TrainedModel trained = ModelFile.read(model);
            ModelData.Loaded loaded =
                    data.toModelData("all", false).load(trained, "predict", false);
            Rejections.warn(loaded.rejected(), System.err);
            long readAt = System.currentTimeMillis();
            long[] counts = new long[trained.classes()];
            try (PredictionSink sink = PredictionSink.open(file, fileFormat, trained.classes())) {
                loaded.run(
                        (ids, logits, labels) -> {
                            for (var prediction :
                                    ModelPredictions.of(ids, logits, trained.version(), readAt)) {
                                sink.write(prediction);
                                counts[prediction.getPredictedClass()]++;
                            }
                        });
            }
            System.out.printf(
                    Locale.ROOT,
                    "predict: %s, model %s (%s, version %,d) -> %s%n",
                    loaded.describe(),
                    model,
                    trained.describe(),
                    trained.version(),
                    file);
            System.out.println("predicted per class: " + perClass(counts));
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    private PredictionSink.Format format() {
        if (format == null) {
            return output != null && output.toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                    ? PredictionSink.Format.CSV
                    : PredictionSink.Format.AVRO;
        }
        try {
            return PredictionSink.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be avro or csv, got " + format);
        }
    }

    private static String perClass(long[] counts) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            text.append(c == 0 ? "" : ", ").append(c).append(": ").append(counts[c]);
        }
        return text.toString();
    }
}
