package io.photonflow.jobs.cli;

import io.photonflow.jobs.bench.Comparison;
import io.photonflow.jobs.report.ChartFiles;
import io.photonflow.jobs.report.ComparisonChart;
import io.photonflow.math.NativeThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code photonflow compare}: the comparison table of the DFA paper, data sets by training
 * variants, every cell the mean and standard deviation over seeded runs through the dataflow of the
 * test accuracy at the best validation epoch; written as Markdown and CSV.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Train every data set with BP, DFA and optical DFA over several seeds and "
                        + "write the comparison table (comparison.md, comparison.csv) and its bar"
                        + " chart (comparison.png, comparison.svg).")
final class CompareCommand implements Callable<Integer> {

    @Option(
            names = "--datasets",
            split = ",",
            paramLabel = "NAME",
            description =
                    "Data sets, each with conf/NAME-VARIANT.yaml or conf/NAME-gcn-VARIANT.yaml "
                            + "(default: ${DEFAULT-VALUE}).",
            defaultValue = "fashion-mnist,cora,citeseer")
    List<String> datasets;

    @Option(
            names = "--variants",
            split = ",",
            paramLabel = "VARIANT",
            description =
                    "Training variants: bp, dfa, opu (optical DFA), structured "
                            + "(default: ${DEFAULT-VALUE}).",
            defaultValue = "bp,dfa,opu")
    List<String> variants;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "NAME=N",
            description = "Seeds per data set; default 10 for graphs, 3 for Fashion-MNIST.")
    Map<String, Integer> seeds = new LinkedHashMap<>();

    @Option(
            names = "--validation-size",
            paramLabel = "N",
            description =
                    "Training examples held out for model selection where the data set "
                            + "has no validation split (default: ${DEFAULT-VALUE}).",
            defaultValue = "5000")
    int validationSize;

    @Option(
            names = "--conf",
            paramLabel = "DIR",
            description = "Folder of the job configurations (default: ${DEFAULT-VALUE}).",
            defaultValue = "conf")
    Path confDirectory;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Folder for the table and the runs (default: ${DEFAULT-VALUE}).",
            defaultValue = "runs/comparison")
    Path output;

    @Parameters(
            paramLabel = "KEY=VALUE",
            description = "Overrides for every run, e.g. training.epochs=1")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            NativeThreads.configure(1);
            Files.createDirectories(output);
            Comparison comparison =
                    new Comparison(
                            confDirectory, output.resolve("runs"), validationSize, overrides);
            List<Comparison.Run> runs = new ArrayList<>();
            for (String dataset : datasets) {
                int count = seeds.getOrDefault(dataset, dataset.equals("fashion-mnist") ? 3 : 10);
                for (String variant : variants) {
                    Path config = comparison.configFile(dataset, variant);
                    if (config == null) {
                        System.out.printf(
                                "compare: no configuration for %s %s in %s, left out%n",
                                dataset, variant, confDirectory);
                        continue;
                    }
                    System.out.printf(
                            "compare: %s %s (%s), %d seeds%n", dataset, variant, config, count);
                    runs.addAll(
                            comparison.run(
                                    dataset,
                                    variant,
                                    config,
                                    count,
                                    run ->
                                            System.out.printf(
                                                    Locale.ROOT,
                                                    "  seed %d: test accuracy %.2f%% at best validation"
                                                            + " epoch %d (final %.2f%%), %.1f s%n",
                                                    run.seed(),
                                                    100 * run.testAccuracy(),
                                                    run.bestEpoch(),
                                                    100 * run.finalTestAccuracy(),
                                                    run.seconds())));
                    Comparison.writeCsv(runs, output.resolve("comparison.csv"));
                }
            }
            String table =
                    "Test accuracy (%) at the best validation epoch, mean ± standard deviation over"
                            + " seeds, through the photonflow dataflow. Data sets without a validation"
                            + " split hold out their last "
                            + validationSize
                            + " training examples.\n\n"
                            + Comparison.markdown(runs, datasets, variants);
            Files.writeString(output.resolve("comparison.md"), table);
            ChartFiles.Plot plot =
                    ChartFiles.write(output, ComparisonChart.of(runs, datasets, variants));
            System.out.println();
            System.out.print(table);
            System.out.printf(
                    "%nwritten: %s, %s%nplot: %s  %s%n",
                    output.resolve("comparison.md"),
                    output.resolve("comparison.csv"),
                    plot.png(),
                    plot.svg());
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
