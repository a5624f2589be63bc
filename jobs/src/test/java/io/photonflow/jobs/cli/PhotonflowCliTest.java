package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.LayerSpec;
import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.jobs.report.ChartFiles;
import io.photonflow.jobs.report.ChartFilesTest;
import io.photonflow.jobs.report.RunRecords;
import io.photonflow.jobs.report.RunSeries;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code photonflow} command line (what {@code jobs/photonflow} runs), in process: usage and
 * argument errors of every command, with their exit codes and one-line messages, and the cheapest
 * real run of each command on tiny data written by the test, checked by its outputs (files and the
 * numbers it prints).
 *
 * <p>Exit codes: 0 success; 2 a usage error (picocli's) or an invalid configuration ({@link
 * Failures#CONFIG}); 3 unusable data or arguments ({@link Failures#DATA}); 1 a failed job.
 *
 * <p>{@code projection-benchmark} always measures five configurations up to 2^20 x 2^20, each in a
 * fresh JVM with at least 3 s of warm-up and measurement, and a 1 GiB Gaussian matrix among them
 * (about 25 s with {@code --seconds 1 --threads 1}); its real run is tagged slow.
 */
class PhotonflowCliTest {

    static final List<String> COMMANDS =
            List.of(
                    "train",
                    "online",
                    "produce",
                    "benchmark",
                    "online-benchmark",
                    "compare",
                    "projection-benchmark",
                    "opu-fidelity",
                    "predict",
                    "evaluate",
                    "inspect",
                    "plot",
                    "submit",
                    "watch",
                    "stop");

    /** Numbers as the commands print them: optional sign, digits, decimals. */
    private static final String NUMBER = "(-?[0-9]+(?:\\.[0-9]+)?)";

    @Nested
    class Usage {

        @Test
        void helpListsEveryCommand() {
            CliRun run = CliRun.of("--help");
            assertThat(run.exitCode()).as(run.transcript()).isZero();
            assertThat(run.out()).startsWith("Usage: photonflow [-hV] [COMMAND]");
            for (String command : COMMANDS) {
                assertThat(run.out()).containsPattern("(?m)^  " + Pattern.quote(command) + " ");
            }
        }

        @Test
        void versionIsPrinted() {
            CliRun run = CliRun.of("--version");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out().strip()).isEqualTo("photonflow 0.1.0");
        }

        @Test
        void noCommandIsAUsageError() {
            CliRun run = CliRun.of();
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.firstErrLine()).isEqualTo("Missing required subcommand");
            assertThat(run.err()).contains("Usage: photonflow [-hV] [COMMAND]");
        }

        @Test
        void unknownCommandIsAUsageError() {
            CliRun run = CliRun.of("trian");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.firstErrLine()).isEqualTo("Unmatched argument at index 0: 'trian'");
        }

        @ParameterizedTest
        @FieldSource("io.photonflow.jobs.cli.PhotonflowCliTest#COMMANDS")
        void everyCommandHasHelp(String command) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).as(run.transcript()).isZero();
            assertThat(run.out()).startsWith("Usage: photonflow " + command + " [-hV]");
            assertThat(run.err()).isEmpty();
        }

        @ParameterizedTest
        @FieldSource("io.photonflow.jobs.cli.PhotonflowCliTest#COMMANDS")
        void everyCommandRejectsAnUnknownOption(String command) {
            CliRun run = CliRun.of(command, "--no-such-option");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.firstErrLine()).isEqualTo("Unknown option: '--no-such-option'");
            assertThat(run.err()).contains("Usage: photonflow " + command + " ");
            assertThat(run.out()).isEmpty();
        }
    }

    @Nested
    class Train {

        @TempDir Path dir;

        @Test
        void invalidConfigurationExitsWithCodeTwoNamingEveryKey() {
            CliRun run = CliRun.of("train", "training.epochs=0", "runtime.progress-every=0");
            assertThat(run.exitCode()).isEqualTo(Failures.CONFIG);
            assertThat(run.firstErrLine()).isEqualTo("invalid configuration:");
            assertThat(run.err())
                    .contains("training.epochs must be positive, got 0")
                    .contains("runtime.progress-every must be at least 1, got 0");
        }

        @Test
        void unknownKeyAndMalformedOverridesAreConfigurationErrors() {
            CliRun unknown = CliRun.of("train", "nonsense.key=1");
            assertThat(unknown.exitCode()).isEqualTo(Failures.CONFIG);
            assertThat(unknown.err()).contains("override 'nonsense.key=1': unknown key 'nonsense'");

            CliRun malformed = CliRun.of("train", "training.epochs");
            assertThat(malformed.exitCode()).isEqualTo(Failures.CONFIG);
            assertThat(malformed.err())
                    .contains("override 'training.epochs' must look like key=value");

            CliRun notANumber = CliRun.of("train", "training.epochs=two");
            assertThat(notANumber.exitCode()).isEqualTo(Failures.CONFIG);
            assertThat(notANumber.err())
                    .contains("training.epochs: 'two' is not a valid whole number");
        }

        @Test
        void configOptionNeedsAFile() {
            CliRun run = CliRun.of("train", "--config");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.firstErrLine())
                    .isEqualTo("Missing required parameter for option '--config' (FILE)");
        }

        @Test
        void missingConfigFileIsNamed() {
            Path missing = dir.resolve("missing.yaml");
            CliRun run = CliRun.of("train", "--config", missing.toString());
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.firstErrLine()).contains(missing.toString());
        }

        @Test
        void missingDataFileExitsWithCodeThreeNamingTheFile() {
            CliRun run = CliRun.of("train", "data.train.images=/nonexistent/images.gz");
            assertThat(run.exitCode()).isEqualTo(Failures.DATA);
            assertThat(run.firstErrLine())
                    .isEqualTo("error: data file not found: /nonexistent/images.gz");
        }

        /**
         * A whole run from a config file plus overrides, on 300 Avro examples (and 2 broken ones):
         * the summary line, the model, the metrics and the dead letters it writes.
         */
        @Test
        void trainsATinyAvroDataSetFromAConfigFile() throws Exception {
            Path train = TinyData.avro(dir.resolve("train.avro"), 300, 2, 1);
            Path test = TinyData.avro(dir.resolve("test.avro"), 90, 0, 2);
            Path config = Files.writeString(dir.resolve("tiny.yaml"), tinyYaml(train, test, "dfa"));
            Path output = dir.resolve("output");

            CliRun run =
                    CliRun.of(
                            "train",
                            "--config",
                            config.toString(),
                            "output.directory=" + output,
                            "checkpointing.directory=" + dir.resolve("checkpoints"));

            assertThat(run.exitCode()).as(run.transcript()).isZero();
            Matcher done =
                    Pattern.compile(
                                    "done: test accuracy "
                                            + NUMBER
                                            + "% after (\\d+) epochs, "
                                            + NUMBER
                                            + " s, "
                                            + NUMBER
                                            + " training samples/s from the first step to the"
                                            + " last; 2 examples rejected, in "
                                            + Pattern.quote(
                                                    output.resolve("dead-letters.avro").toString())
                                            + "; model (\\S+)")
                            .matcher(run.out());
            assertThat(done.find()).as(run.transcript()).isTrue();
            double accuracy = Double.parseDouble(done.group(1)) / 100;
            assertThat(Integer.parseInt(done.group(2))).isEqualTo(2);
            assertThat(Double.parseDouble(done.group(3))).isPositive();
            assertThat(Double.parseDouble(done.group(4))).isPositive();
            assertThat(Path.of(done.group(5))).isEqualTo(output.resolve("model.avro"));
            assertThat(accuracy).isGreaterThan(0.9);
            assertThat(run.out())
                    .containsPattern(
                            "(?m)^report: "
                                    + Pattern.quote(output.resolve("report.html").toString())
                                    + "  \\(3 plots in "
                                    + Pattern.quote(output.resolve("plots").toString())
                                    + ", "
                                    + NUMBER
                                    + " s\\)$");
            assertThat(output.resolve("report.html")).isRegularFile();
            assertThat(output.resolve("config.yaml")).content().contains("algorithm: dfa");

            List<TrainingMetrics> metrics =
                    TinyData.read(output.resolve("metrics.avro"), TrainingMetrics.class);
            List<TrainingMetrics> testMetrics =
                    metrics.stream().filter(m -> m.getSplit() == MetricsSplit.TEST).toList();
            assertThat(testMetrics).hasSize(2);
            assertThat(testMetrics.get(1).getAccuracy()).isCloseTo(accuracy, within(0.0001));
            assertThat(testMetrics.get(1).getExamples()).isEqualTo(90);
            long trained =
                    metrics.stream()
                            .filter(m -> m.getSplit() == MetricsSplit.TRAIN)
                            .mapToLong(TrainingMetrics::getExamples)
                            .sum();
            assertThat(trained).isEqualTo(2 * 300);

            List<ModelSnapshot> models =
                    TinyData.read(output.resolve("model.avro"), ModelSnapshot.class);
            assertThat(models).hasSize(1);
            ModelSnapshot model = models.get(0);
            assertThat(model.getAlgorithm()).isEqualTo("dfa");
            assertThat(model.getEpoch()).isEqualTo(2);
            assertThat(model.getLayers())
                    .extracting(LayerSpec::getInputSize, LayerSpec::getOutputSize)
                    .containsExactly(tuple(TinyData.FEATURES, 32), tuple(32, TinyData.CLASSES));
            assertThat(model.getParameters().get(0).getWeights()).hasSize(TinyData.FEATURES * 32);

            List<DeadLetter> deadLetters =
                    TinyData.read(output.resolve("dead-letters.avro"), DeadLetter.class);
            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters)
                    .allSatisfy(
                            letter -> {
                                assertThat(letter.getSource()).startsWith("train:");
                                assertThat(letter.getReason()).contains("label");
                            });
        }
    }

    @Nested
    class Benchmark {

        @TempDir Path dir;

        @Test
        void graphsAreRejected() throws IOException {
            Path graph = Files.createDirectories(dir.resolve("graph"));
            CliRun run =
                    CliRun.of(
                            "benchmark",
                            "network.kind=gcn",
                            "data.graph=" + graph,
                            "data.normalization=row");
            assertThat(run.exitCode()).isEqualTo(Failures.DATA);
            assertThat(run.firstErrLine())
                    .startsWith("error: benchmark measures minibatch training of dense networks");
        }

        @Test
        void invalidConfigurationExitsWithCodeTwo() {
            CliRun run = CliRun.of("benchmark", "training.batch-size=0");
            assertThat(run.exitCode()).isEqualTo(Failures.CONFIG);
            assertThat(run.firstErrLine()).isEqualTo("invalid configuration:");
            assertThat(run.err()).contains("training.batch-size");
        }

        /**
         * The three trainers on 600 idx images of 4x4 pixels, 2 epochs: every row of the table has
         * a positive throughput and a test accuracy well above chance, and the ratios are those of
         * the rows.
         */
        @Test
        void measuresTheThreeTrainersOnATinyIdxDataSet() throws Exception {
            List<Path> train = TinyData.idx(dir, "train", 600, 1);
            List<Path> test = TinyData.idx(dir, "test", 150, 2);
            List<String> args = new ArrayList<>(List.of("benchmark"));
            args.addAll(tinyOverrides(dir, "bp"));
            args.addAll(
                    List.of(
                            "data.train.images=" + train.get(0),
                            "data.train.labels=" + train.get(1),
                            "data.test.images=" + test.get(0),
                            "data.test.labels=" + test.get(1)));

            CliRun run = CliRun.of(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.transcript()).isZero();
            assertThat(run.out())
                    .contains("benchmark: bp 16-32-3 tanh, batch 16, 2 epochs x 600 examples")
                    .containsPattern("(?m)^  backprop 2 +16 +3 +32 ")
                    .containsPattern("(?m)^  ceiling \\(the step\\) .* GFLOP/s");
            Map<String, double[]> rows = new LinkedHashMap<>();
            Matcher row =
                    Pattern.compile(
                                    "(?m)^(photonflow dataflow|reference trainer|dl4j backprop)"
                                            + " +"
                                            + NUMBER
                                            + " +"
                                            + NUMBER
                                            + " +"
                                            + NUMBER
                                            + "% +"
                                            + NUMBER
                                            + "  (\\d+% of [12] threads?|-)$")
                            .matcher(run.out());
            while (row.find()) {
                rows.put(
                        row.group(1),
                        new double[] {
                            Double.parseDouble(row.group(2)),
                            Double.parseDouble(row.group(3)),
                            Double.parseDouble(row.group(4)) / 100
                        });
            }
            assertThat(rows.keySet())
                    .as(run.transcript())
                    .containsExactly("photonflow dataflow", "reference trainer", "dl4j backprop");
            rows.forEach(
                    (trainer, values) -> {
                        assertThat(values[0]).as("%s samples/s", trainer).isPositive();
                        assertThat(values[2]).as("%s test accuracy", trainer).isGreaterThan(0.8);
                    });
            Matcher ratios =
                    Pattern.compile(
                                    "ratios: dataflow/reference "
                                            + NUMBER
                                            + ", dataflow/dl4j "
                                            + NUMBER)
                            .matcher(run.out());
            assertThat(ratios.find()).as(run.transcript()).isTrue();
            double dataflow = rows.get("photonflow dataflow")[0];
            assertThat(Double.parseDouble(ratios.group(1)))
                    .isCloseTo(dataflow / rows.get("reference trainer")[0], within(0.01));
            assertThat(Double.parseDouble(ratios.group(2)))
                    .isCloseTo(dataflow / rows.get("dl4j backprop")[0], within(0.01));
            assertThat(run.out()).containsPattern("dataflow end to end .*: " + NUMBER + " s");
        }
    }

    @Nested
    class Compare {

        @TempDir Path dir;

        @Test
        void malformedOptionValuesAreUsageErrors() {
            CliRun seeds = CliRun.of("compare", "--seeds", "cora=ten");
            assertThat(seeds.exitCode()).isEqualTo(2);
            assertThat(seeds.firstErrLine())
                    .isEqualTo("Invalid value for option '--seeds' (NAME=N): 'ten' is not an int");

            CliRun validation = CliRun.of("compare", "--validation-size", "many");
            assertThat(validation.exitCode()).isEqualTo(2);
            assertThat(validation.firstErrLine())
                    .isEqualTo(
                            "Invalid value for option '--validation-size': 'many' is not an int");
        }

        /**
         * One seed of BP and DFA on a tiny data set from a configuration folder the test writes (no
         * structured configuration there: left out): the CSV has a row per run, the Markdown table
         * a cell per variant.
         */
        @Test
        void comparesTwoVariantsOnATinyDataSet() throws Exception {
            Path train = TinyData.avro(dir.resolve("train.avro"), 300, 0, 1);
            Path test = TinyData.avro(dir.resolve("test.avro"), 90, 0, 2);
            Path conf = Files.createDirectories(dir.resolve("conf"));
            for (String variant : List.of("bp", "dfa")) {
                Files.writeString(
                        conf.resolve("tiny-" + variant + ".yaml"), tinyYaml(train, test, variant));
            }
            Path output = dir.resolve("comparison");

            CliRun run =
                    CliRun.of(
                            "compare",
                            "--datasets=tiny",
                            "--variants=bp,dfa,structured",
                            "--seeds=tiny=1",
                            "--validation-size=60",
                            "--conf=" + conf,
                            "--output=" + output);

            assertThat(run.exitCode()).as(run.transcript()).isZero();
            assertThat(run.out())
                    .contains(
                            "compare: no configuration for tiny structured in "
                                    + conf
                                    + ", left out");
            List<CSVRecord> rows;
            try (Reader in = Files.newBufferedReader(output.resolve("comparison.csv"))) {
                rows =
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader()
                                .setSkipHeaderRecord(true)
                                .get()
                                .parse(in)
                                .getRecords();
            }
            assertThat(rows).extracting(r -> r.get("variant")).containsExactly("bp", "dfa");
            for (CSVRecord row : rows) {
                assertThat(row.get("dataset")).isEqualTo("tiny");
                assertThat(row.get("seed")).isEqualTo("0");
                assertThat(Integer.parseInt(row.get("best_epoch"))).isBetween(1, 2);
                assertThat(Double.parseDouble(row.get("validation_accuracy"))).isGreaterThan(0.8);
                assertThat(Double.parseDouble(row.get("test_accuracy"))).isGreaterThan(0.8);
                assertThat(Double.parseDouble(row.get("seconds"))).isPositive();
                // Each run wrote its own output folder.
                assertThat(output.resolve("runs").resolve("tiny-" + row.get("variant") + "-seed0"))
                        .isDirectoryContaining("glob:**/model.avro");
            }
            String table = Files.readString(output.resolve("comparison.md"));
            assertThat(table)
                    .contains("| data set | BP | DFA | DFA, structured projection |")
                    .containsPattern(
                            "\\| tiny \\| "
                                    + NUMBER
                                    + " ± 0\\.00 \\(n=1\\) \\| "
                                    + NUMBER
                                    + " ± 0\\.00 \\(n=1\\) \\| – \\|");
            assertThat(run.out()).contains(table.substring(table.indexOf("| data set")));
            assertThat(run.out())
                    .contains(
                            "plot: "
                                    + output.resolve("comparison.png")
                                    + "  "
                                    + output.resolve("comparison.svg"));
            ChartFilesTest.assertDrawn(
                    new ChartFiles.Plot(
                            "comparison",
                            "",
                            output.resolve("comparison.png"),
                            output.resolve("comparison.svg")));
        }
    }

    @Nested
    class Plot {

        @TempDir Path dir;

        @Test
        void aFolderWithoutMetricsIsOneLineAndExitCodeThree() throws IOException {
            Path empty = Files.createDirectories(dir.resolve("not-a-run"));
            CliRun run = CliRun.of("plot", empty.toString());
            assertThat(run.exitCode()).isEqualTo(Failures.DATA);
            assertThat(run.err().lines())
                    .containsExactly(
                            "error: no metrics.avro in "
                                    + empty
                                    + ": not the output folder of a run (train writes one, see"
                                    + " output.directory)");
        }

        @Test
        void anUnreadableMetricsFileIsOneLineNamingIt() throws IOException {
            Path run = Files.createDirectories(dir.resolve("broken-run"));
            Files.writeString(run.resolve("metrics.avro"), "not avro");
            CliRun result = CliRun.of("plot", run.toString());
            assertThat(result.exitCode()).isEqualTo(Failures.DATA);
            assertThat(result.err().lines()).hasSize(1);
            assertThat(result.firstErrLine())
                    .startsWith(
                            "error: "
                                    + run.resolve("metrics.avro")
                                    + " is not an Avro file of TrainingMetrics records: ");
        }

        /**
         * A tiny run, its plots and report removed, drawn again by plot: a line per plot (PNG and
         * SVG, which decode at 800x450 and parse) and the report's line.
         */
        @Test
        void drawsThePlotsAndTheReportOfARun() throws Exception {
            Path train = TinyData.avro(dir.resolve("train.avro"), 300, 2, 1);
            Path test = TinyData.avro(dir.resolve("test.avro"), 90, 0, 2);
            Path config = Files.writeString(dir.resolve("tiny.yaml"), tinyYaml(train, test, "dfa"));
            Path output = dir.resolve("output");
            CliRun training =
                    CliRun.of(
                            "train",
                            "--config",
                            config.toString(),
                            "output.directory=" + output,
                            "diagnostics.alignment-every=5");
            assertThat(training.exitCode()).as(training.transcript()).isZero();
            Path plots = output.resolve("plots");
            for (Path file : Files.list(plots).toList()) {
                Files.delete(file);
            }
            Files.delete(output.resolve("report.html"));

            CliRun run = CliRun.of("plot", output.toString());

            assertThat(run.exitCode()).as(run.transcript()).isZero();
            List<String> names =
                    List.of("training-loss", "training-accuracy", "epoch-accuracy", "alignment");
            List<String> expected = new ArrayList<>();
            for (String name : names) {
                expected.add(
                        "plot: "
                                + plots.resolve(name + ".png")
                                + "  "
                                + plots.resolve(name + ".svg"));
            }
            expected.add("report: " + output.resolve("report.html"));
            assertThat(run.out().lines()).containsExactlyElementsOf(expected);
            for (String name : names) {
                ChartFilesTest.assertDrawn(
                        new ChartFiles.Plot(
                                name,
                                "",
                                plots.resolve(name + ".png"),
                                plots.resolve(name + ".svg")));
            }
            assertThat(Files.readString(output.resolve("report.html")))
                    .contains("<tr><td>label 7 is outside [0, 3)</td><td>2</td></tr>")
                    .contains("name: tiny-dfa");

            // The plotted series are the records of metrics.avro.
            List<TrainingMetrics> metrics =
                    TinyData.read(output.resolve("metrics.avro"), TrainingMetrics.class);
            List<TrainingMetrics> steps =
                    metrics.stream().filter(m -> m.getSplit() == MetricsSplit.TRAIN).toList();
            RunSeries series = RunSeries.of(RunRecords.read(output));
            assertThat(series.trainingLoss().x())
                    .containsExactly(
                            steps.stream().mapToDouble(TrainingMetrics::getStep).toArray());
            assertThat(series.trainingLoss().y())
                    .containsExactly(
                            steps.stream().mapToDouble(TrainingMetrics::getLoss).toArray());
            assertThat(series.testAccuracy().y())
                    .containsExactly(
                            metrics.stream()
                                    .filter(m -> m.getSplit() == MetricsSplit.TEST)
                                    .mapToDouble(m -> 100 * m.getAccuracy())
                                    .toArray());
            assertThat(series.alignment()).hasSize(1);
            assertThat(series.alignment().get(0).size())
                    .isEqualTo(
                            TinyData.read(
                                            output.resolve("alignment.avro"),
                                            AlignmentMeasurement.class)
                                    .size())
                    .isPositive();
        }
    }

    @Nested
    class ProjectionBenchmark {

        @ParameterizedTest
        @ValueSource(strings = {"--seconds=0", "--threads=0"})
        void nonPositiveSecondsOrThreadsExitWithCodeThree(String option) {
            CliRun run = CliRun.of("projection-benchmark", option);
            assertThat(run.exitCode()).isEqualTo(Failures.DATA);
            assertThat(run.firstErrLine()).isEqualTo("error: seconds and threads must be positive");
        }

        @Test
        void nonNumericSecondsAreAUsageError() {
            CliRun run = CliRun.of("projection-benchmark", "--seconds", "five");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.firstErrLine())
                    .isEqualTo("Invalid value for option '--seconds': 'five' is not an int");
        }

        /** The shortest real run: five configurations and the floor, about 25 s. */
        @Test
        @Tag("slow")
        void measuresEveryConfiguration() {
            CliRun run = CliRun.of("projection-benchmark", "--seconds=1", "--threads=1");

            assertThat(run.exitCode()).as(run.transcript()).isZero();
            Matcher row =
                    Pattern.compile(
                                    "(?m)^([0-9,]+ -> [0-9,]+) +(gaussian|structured) +1 +(\\d+)"
                                            + " +(\\d+) +"
                                            + NUMBER
                                            + " Mi")
                            .matcher(run.out());
            List<String> configurations = new ArrayList<>();
            while (row.find()) {
                configurations.add(row.group(1) + " " + row.group(2));
                assertThat(Double.parseDouble(row.group(4)))
                        .as("projections/s of %s", row.group())
                        .isPositive();
            }
            assertThat(configurations)
                    .as(run.transcript())
                    .containsExactly(
                            "10 -> 2,048 gaussian",
                            "10 -> 2,048 structured",
                            "16,384 -> 16,384 gaussian",
                            "16,384 -> 16,384 structured",
                            "1,048,576 -> 1,048,576 structured");
            assertThat(run.out())
                    .containsPattern("one vector, one core: +" + NUMBER + " ms")
                    .containsPattern(
                            "target at 2\\^20 x 2\\^20: >= 1,000 projections/s in <= 64 MiB: "
                                    + NUMBER
                                    + " /s, "
                                    + NUMBER
                                    + " MiB -> (met|NOT met)");
        }
    }

    @Nested
    class OpuFidelity {

        @TempDir Path dir;

        @Test
        void nonPositiveBatchesExitWithCodeThree() {
            CliRun run = CliRun.of("opu-fidelity", "--batches=0");
            assertThat(run.exitCode()).isEqualTo(Failures.DATA);
            assertThat(run.firstErrLine()).isEqualTo("error: batches must be positive, got 0");
        }

        @Test
        void nonNumericOptionsAreUsageErrors() {
            CliRun batches = CliRun.of("opu-fidelity", "--batches", "x");
            assertThat(batches.exitCode()).isEqualTo(2);
            assertThat(batches.firstErrLine())
                    .isEqualTo("Invalid value for option '--batches': 'x' is not an int");

            CliRun seed = CliRun.of("opu-fidelity", "--seed", "1.5");
            assertThat(seed.exitCode()).isEqualTo(2);
            assertThat(seed.firstErrLine())
                    .isEqualTo("Invalid value for option '--seed': '1.5' is not a long");
        }

        /**
         * One batch of 128 errors per setting: a row per camera setting, cosines in (0, 1], the
         * noiseless 16-bit camera exact, and fidelity falling with read noise and fewer bits; the
         * same seed gives the same cosines.
         */
        @Test
        void tableOfOneBatchPerSetting() throws Exception {
            CliRun run = CliRun.of("opu-fidelity", "--batches=1", "--seed=1", "--output=" + dir);

            assertThat(run.exitCode()).as(run.transcript()).isZero();
            assertThat(run.out()).startsWith("opu-fidelity: 10 -> 2,048, 128 DFA-like errors");
            Map<String, double[]> rows = table(run.out());
            assertThat(rows.keySet())
                    .as(run.transcript())
                    .containsExactly(
                            "8-bit, noise off",
                            "shot noise",
                            "read noise 1 count",
                            "read noise 2 counts",
                            "read noise 4 counts",
                            "read noise 8 counts",
                            "shot + read 4 counts",
                            "defaults: shot + read 0.5",
                            "6-bit, noise off",
                            "4-bit, noise off",
                            "16-bit, noise off");
            rows.forEach(
                    (camera, values) -> {
                        assertThat(values[0]).as("mean cosine, %s", camera).isBetween(0.0, 1.0);
                        assertThat(values[1])
                                .as("min cosine, %s", camera)
                                .isLessThanOrEqualTo(values[0]);
                        assertThat(values[2]).as("frames, %s", camera).isPositive();
                        // device time = frames at the default 1,500 frames/s
                        assertThat(values[3])
                                .as("device ms, %s", camera)
                                .isCloseTo(1e3 * values[2] / 1500, within(0.01));
                    });
            assertThat(rows.get("16-bit, noise off")[0]).isGreaterThan(0.999);
            assertThat(rows.get("8-bit, noise off")[0]).isGreaterThan(0.98);
            assertThat(mean(rows, "read noise 1 count"))
                    .isGreaterThan(mean(rows, "read noise 2 counts"));
            assertThat(mean(rows, "read noise 2 counts"))
                    .isGreaterThan(mean(rows, "read noise 4 counts"));
            assertThat(mean(rows, "read noise 4 counts"))
                    .isGreaterThan(mean(rows, "read noise 8 counts"));
            assertThat(mean(rows, "8-bit, noise off"))
                    .isGreaterThan(mean(rows, "6-bit, noise off"));
            assertThat(mean(rows, "6-bit, noise off"))
                    .isGreaterThan(mean(rows, "4-bit, noise off"));

            assertThat(run.out())
                    .contains(
                            "plot: "
                                    + dir.resolve("opu-fidelity.png")
                                    + "  "
                                    + dir.resolve("opu-fidelity.svg"));
            ChartFilesTest.assertDrawn(
                    new ChartFiles.Plot(
                            "opu-fidelity",
                            "",
                            dir.resolve("opu-fidelity.png"),
                            dir.resolve("opu-fidelity.svg")));

            Map<String, double[]> again =
                    table(
                            CliRun.of(
                                            "opu-fidelity",
                                            "--batches=1",
                                            "--output=" + dir.resolve("again"))
                                    .out());
            rows.forEach(
                    (camera, values) ->
                            assertThat(new double[] {again.get(camera)[0], again.get(camera)[1]})
                                    .as("cosines of %s with the same seed", camera)
                                    .containsExactly(values[0], values[1]));
        }

        private static double mean(Map<String, double[]> rows, String camera) {
            return rows.get(camera)[0];
        }

        /**
         * The rows of the Markdown table: camera -> mean, min cosine, frames, device ms, CPU µs.
         */
        private static Map<String, double[]> table(String out) {
            Matcher row =
                    Pattern.compile(
                                    "(?m)^\\| ([^|]+?) \\| "
                                            + NUMBER
                                            + " \\| "
                                            + NUMBER
                                            + " \\| "
                                            + NUMBER
                                            + " \\| "
                                            + NUMBER
                                            + " \\| "
                                            + NUMBER
                                            + " \\|$")
                            .matcher(out);
            Map<String, double[]> rows = new LinkedHashMap<>();
            while (row.find()) {
                double[] values = new double[5];
                for (int i = 0; i < 5; i++) {
                    values[i] = Double.parseDouble(row.group(i + 2));
                }
                rows.put(row.group(1), values);
            }
            return rows;
        }
    }

    /** A tiny job file: the tiny data set, a 16-32-3 network, 2 epochs of batches of 16. */
    private static String tinyYaml(Path train, Path test, String algorithm) {
        return String.join(
                "\n",
                "name: tiny-" + algorithm,
                "data:",
                "  train: {images: null, labels: null, avro: '" + train + "'}",
                "  test: {images: null, labels: null, avro: '" + test + "'}",
                "network: {input: "
                        + TinyData.FEATURES
                        + ", hidden: [32], classes: "
                        + TinyData.CLASSES
                        + "}",
                "algorithm: " + algorithm,
                "optimizer: {learning-rate: 0.01, schedule: constant}",
                "training: {epochs: 2, batch-size: 16, eval-batch-size: 64}",
                "checkpointing: {enabled: false}",
                "runtime: {web-ui-port: 0, progress-every: 1000}",
                "");
    }

    /** The settings of {@link #tinyYaml} as overrides of the defaults, output under {@code dir}. */
    private static List<String> tinyOverrides(Path dir, String algorithm) {
        return List.of(
                "network.input=" + TinyData.FEATURES,
                "network.hidden=[32]",
                "network.classes=" + TinyData.CLASSES,
                "algorithm=" + algorithm,
                "optimizer.learning-rate=0.01",
                "optimizer.schedule=constant",
                "training.epochs=2",
                "training.batch-size=16",
                "training.eval-batch-size=64",
                "checkpointing.enabled=false",
                "checkpointing.directory=" + dir.resolve("checkpoints"),
                "runtime.web-ui-port=0",
                "runtime.progress-every=1000",
                "output.directory=" + dir.resolve("output"));
    }
}
