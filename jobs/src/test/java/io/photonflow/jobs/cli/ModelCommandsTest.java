package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.avro.Example;
import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.Prediction;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.data.Dataset;
import io.photonflow.data.Examples;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.data.TestDataSets;
import io.photonflow.math.Activation;
import io.photonflow.math.DenseLayer;
import io.photonflow.math.LayerShape;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.NdArrays;
import io.photonflow.math.SoftmaxCrossEntropy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code predict}, {@code evaluate} and {@code inspect} on the model of a real training run made by
 * the test: a tiny Avro data set (each file with two examples of an out-of-range label), the Cora
 * graph for a GCN, and (slow) a Fashion-MNIST subset; and every bad input they name in one line.
 */
class ModelCommandsTest {

    private static final int TEST_EXAMPLES = 90;
    private static final int EVAL_BATCH = 64;

    @TempDir static Path run;

    private static Path train;
    private static Path test;
    private static Path output;

    @TempDir Path dir;

    @BeforeAll
    static void trainTinyModel() throws IOException {
        train = TinyData.avro(run.resolve("train.avro"), 300, 2, 1);
        test = TinyData.avro(run.resolve("test.avro"), TEST_EXAMPLES, 2, 2);
        output = run.resolve("output");
        CliRun training =
                CliRun.of(
                        "train",
                        "data.train.images=",
                        "data.train.labels=",
                        "data.train.avro=" + train,
                        "data.test.images=",
                        "data.test.labels=",
                        "data.test.avro=" + test,
                        "network.input=" + TinyData.FEATURES,
                        "network.hidden=[32]",
                        "network.classes=" + TinyData.CLASSES,
                        "optimizer.learning-rate=0.01",
                        "optimizer.schedule=constant",
                        "training.epochs=2",
                        "training.batch-size=16",
                        "training.eval-batch-size=" + EVAL_BATCH,
                        "checkpointing.enabled=false",
                        "runtime.web-ui-port=0",
                        "runtime.progress-every=1000",
                        "output.directory=" + output);
        assertThat(training.exitCode()).as(training.transcript()).isZero();
    }

    @Test
    void evaluateReproducesTheTrainingRunsFinalTestFiguresExactly() throws IOException {
        Path csv = dir.resolve("evaluation.csv");
        CliRun run =
                CliRun.of(
                        "evaluate",
                        "--model",
                        model().toString(),
                        "--avro",
                        test.toString(),
                        "--batch-size",
                        Integer.toString(EVAL_BATCH),
                        "--output",
                        csv.toString());

        assertThat(run.exitCode()).as(run.transcript()).isZero();
        TrainingMetrics last = lastTest(output);
        List<CSVRecord> rows = csv(csv);
        CSVRecord all = rows.get(rows.size() - 1);
        assertThat(all.get("class")).isEqualTo("all");
        assertThat(Double.parseDouble(all.get("accuracy"))).isEqualTo(last.getAccuracy());
        assertThat(Double.parseDouble(all.get("loss"))).isEqualTo(last.getLoss());
        assertThat(Long.parseLong(all.get("examples"))).isEqualTo(last.getExamples());
        assertConfusionMatrixIsConsistent(rows, TinyData.CLASSES, TEST_EXAMPLES);
        // The two examples training rejected are left out here too, and said so.
        assertThat(run.err())
                .contains("warning: 2 examples left out: label 7 is outside [0, 3)")
                .contains("(first: evaluate:" + test + "#90)");
        assertThat(run.out())
                .contains(
                        String.format(
                                "accuracy %.2f%% (%d of %d)",
                                100 * last.getAccuracy(),
                                Math.round(last.getAccuracy() * TEST_EXAMPLES),
                                TEST_EXAMPLES))
                .contains("confusion matrix (rows: true class, columns: predicted class)")
                .containsPattern("(?m)^macro avg +[0-9.]+ +[0-9.]+ +[0-9.]+ +90$");
    }

    @Test
    void predictionsAreTheLayerCodesForwardPass() throws IOException {
        Path predictions = dir.resolve("predictions.avro");
        CliRun run =
                CliRun.of(
                        "predict",
                        "--model",
                        model().toString(),
                        "--avro",
                        test.toString(),
                        "--output",
                        predictions.toString());

        assertThat(run.exitCode()).as(run.transcript()).isZero();
        ModelSnapshot snapshot = ModelSnapshots.read(model());
        List<Prediction> written = TinyData.read(predictions, Prediction.class);
        List<Example> examples = TinyData.read(test, Example.class).subList(0, TEST_EXAMPLES);
        assertThat(written)
                .extracting(Prediction::getId)
                .containsExactlyElementsOf(
                        examples.stream().map(e -> e.getId().toString()).toList());
        float[] probabilities = forwardPass(snapshot, examples);
        for (int r = 0; r < written.size(); r++) {
            Prediction prediction = written.get(r);
            assertThat(prediction.getModelVersion()).isEqualTo(snapshot.getStep());
            assertThat(prediction.getLatencyMillis()).isNull();
            float[] expected = new float[TinyData.CLASSES];
            System.arraycopy(probabilities, r * TinyData.CLASSES, expected, 0, expected.length);
            assertThat(floats(prediction.getProbabilities())).containsExactly(expected);
            assertThat(prediction.getPredictedClass())
                    .isEqualTo(
                            SoftmaxCrossEntropy.predictedClass(
                                    probabilities, r * TinyData.CLASSES, TinyData.CLASSES));
        }
        assertThat(run.out())
                .contains("predict: 90 examples of " + test)
                .contains("-> " + predictions);
    }

    @Test
    void csvPredictionsParseAndMatchTheAvroOnes() throws IOException {
        Path avro = dir.resolve("p.avro");
        Path csv = dir.resolve("p.csv");
        assertThat(predict("--avro", test.toString(), "--output", avro.toString()).exitCode())
                .isZero();
        CliRun run = predict("--avro", test.toString(), "--output", csv.toString());
        assertThat(run.exitCode()).as(run.transcript()).isZero();

        List<Prediction> expected = TinyData.read(avro, Prediction.class);
        List<CSVRecord> rows = csv(csv);
        assertThat(rows).hasSize(expected.size());
        for (int r = 0; r < rows.size(); r++) {
            CSVRecord row = rows.get(r);
            Prediction prediction = expected.get(r);
            assertThat(row.get("id")).isEqualTo(prediction.getId().toString());
            assertThat(Integer.parseInt(row.get("predicted_class")))
                    .isEqualTo(prediction.getPredictedClass());
            assertThat(Long.parseLong(row.get("model_version")))
                    .isEqualTo(prediction.getModelVersion());
            for (int c = 0; c < TinyData.CLASSES; c++) {
                assertThat(Float.parseFloat(row.get("p" + c)))
                        .isEqualTo(prediction.getProbabilities().get(c));
            }
        }
    }

    @Test
    void unlabelledExamplesArePredictedButNotEvaluated() throws IOException {
        Path unlabelled = dir.resolve("unlabelled.avro");
        List<Example> examples = TinyData.read(test, Example.class).subList(0, 5);
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), unlabelled.toFile());
            for (Example example : examples) {
                writer.append(
                        Examples.unlabelled("u-" + example.getId(), Examples.features(example)));
            }
        }
        Path predictions = dir.resolve("u.csv");
        CliRun run = predict("--avro", unlabelled.toString(), "--output", predictions.toString());
        assertThat(run.exitCode()).as(run.transcript()).isZero();
        assertThat(csv(predictions))
                .extracting(row -> row.get("id"))
                .containsExactly(
                        "u-example-0", "u-example-1", "u-example-2", "u-example-3", "u-example-4");

        CliRun evaluate =
                CliRun.of(
                        "evaluate", "--model", model().toString(), "--avro", unlabelled.toString());
        assertThat(evaluate.exitCode()).isEqualTo(Failures.DATA);
        assertThat(evaluate.firstErrLine())
                .isEqualTo("error: " + unlabelled + ": no example has a label to evaluate against");
    }

    @Test
    void idxImagesArePredictedWithOrWithoutTheirLabels() throws IOException {
        List<Path> idx = TinyData.idx(dir, "t", 12, 3);
        Path csv = dir.resolve("idx.csv");
        CliRun run = predict("--images", idx.get(0).toString(), "--output", csv.toString());
        assertThat(run.exitCode()).as(run.transcript()).isZero();
        assertThat(csv(csv)).hasSize(12);
        assertThat(csv(csv).get(3).get("id")).isEqualTo(idx.get(0) + "#3");

        CliRun evaluate =
                CliRun.of(
                        "evaluate",
                        "--model",
                        model().toString(),
                        "--images",
                        idx.get(0).toString(),
                        "--labels",
                        idx.get(1).toString(),
                        "--limit",
                        "10");
        assertThat(evaluate.exitCode()).as(evaluate.transcript()).isZero();
        assertThat(evaluate.out()).contains("on 10 examples of " + idx.get(0));
    }

    @Test
    void inspectSummarizesModelMetricsAndDeadLetterFiles() throws IOException {
        ModelSnapshot snapshot = ModelSnapshots.read(model());
        CliRun model = CliRun.of("inspect", model().toString());
        assertThat(model.exitCode()).as(model.transcript()).isZero();
        assertThat(model.out())
                .startsWith(model() + ": model snapshot")
                .containsPattern("network +dfa 16-32-3 tanh")
                .containsPattern("algorithm +dfa")
                .containsPattern("projection +gaussian\n")
                .containsPattern("optimizer state +recorded: train --from resumes this run exactly")
                .containsPattern("step +" + snapshot.getStep() + "\n")
                .containsPattern("epoch +2\n")
                .containsPattern("config fingerprint +" + snapshot.getConfigFingerprint())
                .containsPattern("parameters +" + (16 * 32 + 32 + 32 * 3 + 3) + "\n")
                .containsPattern(
                        "(?m)^0 +dense tanh +16x32 +W +[0-9.e+-]+ +[0-9.e+-]+ +[0-9.e+-]+$")
                .containsPattern("(?m)^ +b +[0-9.e+-]+ +[0-9.e+-]+ +[0-9.e+-]+$")
                .containsPattern("(?m)^1 +dense identity +32x3 +W ");
        double norm = 0;
        for (float w : snapshot.getParameters().get(1).getWeights()) {
            norm += (double) w * w;
        }
        assertThat(model.out()).contains(String.format("%12.6g", Math.sqrt(norm)));

        CliRun metrics = CliRun.of("inspect", output.resolve("metrics.avro").toString());
        assertThat(metrics.exitCode()).as(metrics.transcript()).isZero();
        TrainingMetrics last = lastTest(output);
        long steps = 2 * ((300 + 15) / 16);
        assertThat(metrics.out())
                .containsPattern("(?m)^train +" + steps + " +600 +" + steps + ", 2: ")
                .containsPattern(
                        String.format(
                                "(?m)^test +2 +180 +%d, 2: %.4f, %.2f%%",
                                steps, last.getLoss(), 100 * last.getAccuracy()));

        CliRun deadLetters = CliRun.of("inspect", output.resolve("dead-letters.avro").toString());
        assertThat(deadLetters.exitCode()).as(deadLetters.transcript()).isZero();
        assertThat(deadLetters.out())
                .contains("dead letters, 4")
                .containsPattern("(?m)^ +2 +test$")
                .containsPattern("(?m)^ +2 +train$")
                .containsPattern("(?m)^ +4 +label 7 is outside \\[0, 3\\) +\\(train:");
    }

    @Test
    void badInputIsNamedInOneLine() throws IOException {
        Path missing = dir.resolve("missing.avro");
        assertOneLine(
                CliRun.of("inspect", missing.toString()), "error: file not found: " + missing);
        assertOneLine(
                CliRun.of("predict", "--model", missing.toString(), "--avro", test.toString()),
                "error: model snapshot not found: " + missing);

        Path text = Files.writeString(dir.resolve("model.avro"), "not avro\n");
        assertOneLine(
                CliRun.of("predict", "--model", text.toString(), "--avro", test.toString()),
                "error: " + text + ": not an Avro container file (Not an Avro data file.)");

        Path metrics = output.resolve("metrics.avro");
        assertOneLine(
                CliRun.of("evaluate", "--model", metrics.toString(), "--avro", test.toString()),
                "error: "
                        + metrics
                        + ": not a model snapshot: it holds io.photonflow.avro.TrainingMetrics"
                        + " records, not io.photonflow.avro.ModelSnapshot");
        assertOneLine(
                CliRun.of("inspect", test.toString()),
                "error: "
                        + test
                        + ": holds io.photonflow.avro.Example records; inspect reads"
                        + " io.photonflow.avro.ModelSnapshot, io.photonflow.avro.TrainingMetrics,"
                        + " io.photonflow.avro.DeadLetter, io.photonflow.avro.AlignmentMeasurement");

        Path wide = dir.resolve("wide.avro");
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), wide.toFile());
            writer.append(Examples.toExample("w", new float[784], 1));
        }
        assertOneLine(
                predict("--avro", wide.toString()),
                "error: " + wide + ": its examples have 784 features but the model's input is 16");

        Path noData = dir.resolve("none.avro");
        assertOneLine(
                predict("--avro", noData.toString()), "error: data file not found: " + noData);
        assertOneLine(
                predict("--graph", dir.toString()),
                "error: the model is a dense network (dfa 16-32-3 tanh): give examples"
                        + " (--images/--labels or --avro), not --graph");
        assertOneLine(
                predict("--avro", test.toString(), "--images", test.toString()),
                "error: give the data as one of --images FILE [--labels FILE], --avro FILE or"
                        + " --graph DIR");
        assertOneLine(
                predict("--graph", dir.toString(), "--limit", "5"),
                "error: --limit applies to examples only; choose a graph's nodes with --split");
        assertOneLine(
                predict("--avro", test.toString(), "--format", "json"),
                "error: --format must be avro or csv, got json");
    }

    @Test
    void aMissingModelOrFileIsAUsageError() {
        CliRun predict = CliRun.of("predict", "--avro", test.toString());
        assertThat(predict.exitCode()).isEqualTo(2);
        assertThat(predict.firstErrLine()).isEqualTo("Missing required option: '--model=FILE'");
        assertThat(predict.err()).contains("Usage: photonflow predict ");

        CliRun evaluate = CliRun.of("evaluate");
        assertThat(evaluate.exitCode()).isEqualTo(2);
        assertThat(evaluate.firstErrLine()).isEqualTo("Missing required option: '--model=FILE'");

        CliRun inspect = CliRun.of("inspect");
        assertThat(inspect.exitCode()).isEqualTo(2);
        assertThat(inspect.firstErrLine()).isEqualTo("Missing required parameter: 'FILE'");
    }

    /** A GCN trained 10 epochs on Cora: evaluate equals its last test pass, predict every node. */
    @Test
    void gcnOnCoraIsEvaluatedAndPredictedOverTheGraphsNodes() throws IOException {
        Path cora = TestDataSets.planetoid("cora");
        Path gcn = dir.resolve("gcn");
        CliRun training =
                CliRun.of(
                        "train",
                        "--config",
                        "../conf/cora-gcn-dfa.yaml",
                        "data.graph=" + cora,
                        "training.epochs=10",
                        "checkpointing.enabled=false",
                        "runtime.web-ui-port=0",
                        "output.directory=" + gcn);
        assertThat(training.exitCode()).as(training.transcript()).isZero();
        Path model = gcn.resolve("model.avro");

        Path csv = dir.resolve("cora.csv");
        CliRun evaluate =
                CliRun.of(
                        "evaluate",
                        "--model",
                        model.toString(),
                        "--graph",
                        cora.toString(),
                        "--output",
                        csv.toString());
        assertThat(evaluate.exitCode()).as(evaluate.transcript()).isZero();
        TrainingMetrics last = lastTest(gcn);
        List<CSVRecord> rows = csv(csv);
        CSVRecord all = rows.get(rows.size() - 1);
        assertThat(Double.parseDouble(all.get("accuracy"))).isEqualTo(last.getAccuracy());
        assertThat(Double.parseDouble(all.get("loss"))).isEqualTo(last.getLoss());
        assertConfusionMatrixIsConsistent(rows, 7, 1000);
        assertThat(evaluate.out()).contains("(dfa gcn 1433-16-7 relu, version 10, epoch 10)");

        Path predictions = dir.resolve("cora.avro");
        CliRun predict =
                CliRun.of(
                        "predict",
                        "--model",
                        model.toString(),
                        "--graph",
                        cora.toString(),
                        "--output",
                        predictions.toString());
        assertThat(predict.exitCode()).as(predict.transcript()).isZero();
        List<Prediction> written = TinyData.read(predictions, Prediction.class);
        assertThat(written).hasSize(2708);
        assertThat(written.get(2707).getId()).isEqualTo("2707");
        assertThat(written).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(10));

        assertThat(CliRun.of("inspect", model.toString()).out())
                .containsPattern("(?m)^0 +graph_convolution relu +1433x16 +W ");
        assertOneLine(
                CliRun.of("predict", "--model", model.toString(), "--avro", test.toString()),
                "error: the model is a GCN (dfa gcn 1433-16-7 relu): give the graph whose nodes"
                        + " it classifies, --graph DIR");
        Path citeseer = TestDataSets.planetoid("citeseer");
        assertOneLine(
                CliRun.of("predict", "--model", model.toString(), "--graph", citeseer.toString()),
                "error: "
                        + citeseer
                        + ": its nodes have 3703 features but the model's input is 1433");
    }

    /** One epoch on 6,000 Fashion-MNIST images; evaluate on the run's 2,000 test images. */
    @Test
    @Tag("slow")
    void evaluateOnAFashionMnistSubsetEqualsTheTrainingRun() throws IOException {
        Path fashion = TestDataSets.fashionMnist();
        Path fashionRun = dir.resolve("fashion");
        CliRun training =
                CliRun.of(
                        "train",
                        "training.epochs=1",
                        "data.train-limit=6000",
                        "data.test-limit=2000",
                        "checkpointing.enabled=false",
                        "runtime.web-ui-port=0",
                        "output.directory=" + fashionRun);
        assertThat(training.exitCode()).as(training.transcript()).isZero();

        Path csv = dir.resolve("fashion.csv");
        CliRun evaluate =
                CliRun.of(
                        "evaluate",
                        "--model",
                        fashionRun.resolve("model.avro").toString(),
                        "--images",
                        fashion.resolve("t10k-images-idx3-ubyte.gz").toString(),
                        "--labels",
                        fashion.resolve("t10k-labels-idx1-ubyte.gz").toString(),
                        "--limit",
                        "2000",
                        "--output",
                        csv.toString());
        assertThat(evaluate.exitCode()).as(evaluate.transcript()).isZero();
        TrainingMetrics last = lastTest(fashionRun);
        List<CSVRecord> rows = csv(csv);
        CSVRecord all = rows.get(rows.size() - 1);
        assertThat(Double.parseDouble(all.get("accuracy"))).isEqualTo(last.getAccuracy());
        assertThat(Double.parseDouble(all.get("loss"))).isEqualTo(last.getLoss());
        assertConfusionMatrixIsConsistent(rows, 10, 2000);
        assertThat(last.getAccuracy()).isGreaterThan(0.5);
    }

    private static CliRun predict(String... data) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model().toString()));
        args.addAll(List.of(data));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Path model() {
        return output.resolve("model.avro");
    }

    private static void assertOneLine(CliRun run, String line) {
        assertThat(run.exitCode()).as(run.transcript()).isEqualTo(Failures.DATA);
        assertThat(run.err().strip()).as(run.transcript()).isEqualTo(line);
    }

    /**
     * Every class row's confusion counts sum to its examples, all rows to the example count, and
     * the diagonal over the total is the accuracy.
     */
    private static void assertConfusionMatrixIsConsistent(
            List<CSVRecord> rows, int classes, long examples) {
        assertThat(rows).hasSize(classes + 1);
        long total = 0;
        long diagonal = 0;
        for (int c = 0; c < classes; c++) {
            CSVRecord row = rows.get(c);
            assertThat(row.get("class")).isEqualTo(Integer.toString(c));
            long sum = 0;
            for (int p = 0; p < classes; p++) {
                sum += Long.parseLong(row.get("predicted_" + p));
            }
            assertThat(sum).isEqualTo(Long.parseLong(row.get("examples")));
            total += sum;
            diagonal += Long.parseLong(row.get("predicted_" + c));
        }
        CSVRecord all = rows.get(classes);
        assertThat(total).isEqualTo(examples).isEqualTo(Long.parseLong(all.get("examples")));
        assertThat((double) diagonal / total)
                .isCloseTo(Double.parseDouble(all.get("accuracy")), within(1e-12));
    }

    /** The probabilities of the snapshot's layers, run by hand over the examples, one batch. */
    private static float[] forwardPass(ModelSnapshot snapshot, List<Example> examples) {
        int width = TinyData.FEATURES;
        float[] features = new float[examples.size() * width];
        int[] labels = new int[examples.size()];
        for (int r = 0; r < examples.size(); r++) {
            System.arraycopy(Examples.features(examples.get(r)), 0, features, r * width, width);
        }
        Dataset scaled =
                new InputScaling(snapshot.getInputShift(), snapshot.getInputScale())
                        .apply(new Dataset(features, labels, width));
        INDArray h = NdArrays.matrix(scaled.rows(range(examples.size())), examples.size(), width);
        List<LayerWeights> weights = ModelSnapshots.weights(snapshot);
        for (int l = 0; l < weights.size(); l++) {
            var spec = snapshot.getLayers().get(l);
            Activation activation =
                    Activation.valueOf(spec.getActivation().toString().toUpperCase());
            DenseLayer layer =
                    new DenseLayer(
                            new LayerShape(
                                    l, spec.getInputSize(), spec.getOutputSize(), activation));
            h = layer.forward(h, weights.get(l).weights(), weights.get(l).bias(), false).output();
        }
        return SoftmaxCrossEntropy.probabilities(NdArrays.toFloats(h), TinyData.CLASSES);
    }

    private static int[] range(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    private static TrainingMetrics lastTest(Path runOutput) throws IOException {
        List<TrainingMetrics> tests =
                TinyData.read(runOutput.resolve("metrics.avro"), TrainingMetrics.class).stream()
                        .filter(m -> m.getSplit() == MetricsSplit.TEST)
                        .toList();
        return tests.get(tests.size() - 1);
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)
                    .getRecords();
        }
    }

    private static float[] floats(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
