package io.photonflow.jobs.cli;

import io.photonflow.jobs.inference.EvaluationReport;
import io.photonflow.jobs.inference.ModelData;
import io.photonflow.jobs.inference.ModelFile;
import io.photonflow.math.NativeThreads;
import io.photonflow.training.ModelEvaluation;
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
 * {@code photonflow evaluate}: a trained model's loss, accuracy, per-class precision, recall and
 * F1, and confusion matrix on labelled examples or graph nodes.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a trained model on labelled examples or graph nodes: loss, accuracy,"
                        + " per-class precision, recall and F1, and the confusion matrix, as a"
                        + " table and as CSV.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "Model snapshot, e.g. runs/latest/model.avro (required).")
    Path model;

    @Spec CommandSpec spec;

    @Mixin ModelDataOptions data;

    @Option(
            names = "--output",
            paramLabel = "FILE.csv",
            description = "Also write the per-class figures and the confusion matrix as CSV.")
    Path output;

    @Override
    public Integer call() {
        Required.option(spec, model, "--model=FILE");
        try {
            NativeThreads.configure(1);
            TrainedModel trained = ModelFile.read(model);
            ModelData.Loaded loaded =
                    data.toModelData("test", true).load(trained, "evaluate", true);
            Rejections.warn(loaded.rejected(), System.err);
            ModelEvaluation evaluation = new ModelEvaluation(trained.classes());
            loaded.run((ids, logits, labels) -> evaluation.add(logits, labels));
            System.out.printf(
                    Locale.ROOT,
                    "evaluate: model %s (%s, version %,d, epoch %d) on %s%n",
                    model,
                    trained.describe(),
                    trained.version(),
                    trained.snapshot().getEpoch(),
                    loaded.describe());
            EvaluationReport report = new EvaluationReport(evaluation);
            report.print(System.out);
            if (output != null) {
                report.writeCsv(output);
                System.out.println("wrote " + output);
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
