package io.photonflow.jobs.bench;

import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.LocalCheckpoints;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import io.photonflow.model.Seeds;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The comparison table of the DFA paper, reproduced through the dataflow: for each data set and
 * training variant (BP, DFA, optical DFA, ...), seeded runs of the variant's job configuration,
 * each scored by its test accuracy at its best validation epoch. Run i draws its three seeds from i
 * ({@link Seeds#derivedFrom}) and the OPU's noise from i as well.
 */
public final class Comparison {

    /** The training variants, in table order: config file suffix and column title. */
    public static final Map<String, String> VARIANTS = variants();

    private final Path confDirectory;
    private final Path outputDirectory;
    private final int validationSize;
    private final List<String> overrides;

    /**
     * @param confDirectory where {@code <dataset>-<variant>.yaml} or {@code
     *     <dataset>-gcn-<variant>.yaml} are
     * @param outputDirectory where every run writes its output, in a folder of its own
     * @param validationSize training examples held out for model selection where the data set has
     *     no validation split of its own (graphs have one)
     * @param overrides applied to every run after the comparison's own
     */
    public Comparison(
            Path confDirectory, Path outputDirectory, int validationSize, List<String> overrides) {
        this.confDirectory = confDirectory;
        this.outputDirectory = outputDirectory;
        this.validationSize = validationSize;
        this.overrides = List.copyOf(overrides);
    }

    /** The configuration file of {@code variant} on {@code dataset}, or null when there is none. */
    public Path configFile(String dataset, String variant) {
        for (String name :
                List.of(dataset + "-" + variant + ".yaml", dataset + "-gcn-" + variant + ".yaml")) {
            Path file = confDirectory.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    /** Trains {@code config} once per seed 0..seeds-1 and reports each run to {@code done}. */
    public List<Run> run(String dataset, String variant, Path config, int seeds, Consumer<Run> done)
            throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            JobConfig job = load(dataset, variant, config, seed);
            long start = System.nanoTime();
            LocalCheckpoints.discard(
                    job,
                    TrainingJob.plan(job).execute(TrainingEnvironment.local(job).env()).getJobID());
            double seconds = (System.nanoTime() - start) / 1e9;
            RunSummary summary = RunSummary.read(job.output().path(), seconds);
            if (summary.validation().isEmpty()) {
                throw new IllegalStateException(
                        config
                                + " evaluated no validation set: test accuracy cannot be taken at"
                                + " the best validation epoch");
            }
            Run run =
                    new Run(
                            dataset,
                            variant,
                            seed,
                            summary.bestEpoch() + 1,
                            summary.validation().get(summary.bestEpoch()).getAccuracy(),
                            summary.testAccuracyAtBestValidation(),
                            summary.finalTestAccuracy(),
                            seconds);
            runs.add(run);
            done.accept(run);
        }
        return runs;
    }

    private JobConfig load(String dataset, String variant, Path config, int seed) throws Exception {
        Seeds seeds = Seeds.derivedFrom(seed);
        List<String> all = new ArrayList<>();
        all.add("seeds.data=" + seeds.data());
        all.add("seeds.init=" + seeds.init());
        all.add("seeds.feedback=" + seeds.feedback());
        all.add("projection.opu.noise-seed=" + seed);
        all.add("runtime.web-ui-port=0");
        all.add("runtime.progress-every=1000000");
        all.add("checkpointing.enabled=false");
        all.add(
                "output.directory="
                        + outputDirectory.resolve(dataset + "-" + variant + "-seed" + seed));
        JobConfig planned = new ConfigLoader().load(config, all);
        if (!planned.data().isGraph()) {
            all.add("data.validation-size=" + validationSize);
        }
        all.addAll(overrides);
        return new ConfigLoader().load(config, all);
    }

    /** Writes every run as a CSV row. */
    public static void writeCsv(List<Run> runs, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file);
                CSVPrinter csv =
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader(
                                        "dataset",
                                        "variant",
                                        "seed",
                                        "best_epoch",
                                        "validation_accuracy",
                                        "test_accuracy",
                                        "final_test_accuracy",
                                        "seconds")
                                .get()
                                .print(out)) {
            for (Run run : runs) {
                csv.printRecord(
                        run.dataset(),
                        run.variant(),
                        run.seed(),
                        run.bestEpoch(),
                        run.validationAccuracy(),
                        run.testAccuracy(),
                        run.finalTestAccuracy(),
                        String.format(Locale.ROOT, "%.1f", run.seconds()));
            }
        }
    }

    /**
     * The table: a row per data set, a column per variant, test accuracy at the best validation
     * epoch as mean ± sample standard deviation in percent, with the number of seeds.
     */
    public static String markdown(List<Run> runs, List<String> datasets, List<String> variants) {
        StringBuilder table = new StringBuilder("| data set |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String variant : variants) {
            table.append(' ').append(VARIANTS.getOrDefault(variant, variant)).append(" |");
            rule.append("---:|");
        }
        table.append('\n').append(rule).append('\n');
        for (String dataset : datasets) {
            table.append("| ").append(dataset).append(" |");
            for (String variant : variants) {
                List<Double> accuracies =
                        runs.stream()
                                .filter(
                                        r ->
                                                r.dataset().equals(dataset)
                                                        && r.variant().equals(variant))
                                .map(Run::testAccuracy)
                                .toList();
                table.append(' ').append(cell(accuracies)).append(" |");
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static String cell(List<Double> accuracies) {
        if (accuracies.isEmpty()) {
            return "–";
        }
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = accuracies.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum();
        double std = accuracies.size() > 1 ? Math.sqrt(squares / (accuracies.size() - 1)) : 0;
        return String.format(
                Locale.ROOT, "%.2f ± %.2f (n=%d)", 100 * mean, 100 * std, accuracies.size());
    }

    private static Map<String, String> variants() {
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("bp", "BP");
        variants.put("dfa", "DFA");
        variants.put("opu", "optical DFA");
        variants.put("structured", "DFA, structured projection");
        return Collections.unmodifiableMap(variants);
    }

    /**
     * One seeded run.
     *
     * @param dataset the data set's name
     * @param variant the training variant
     * @param seed the run's seed
     * @param bestEpoch the 1-based epoch of the best validation accuracy
     * @param validationAccuracy validation accuracy at that epoch
     * @param testAccuracy test accuracy at that epoch: the run's score
     * @param finalTestAccuracy test accuracy after the last epoch
     * @param seconds wall-clock time of the run
     */
    public record Run(
            String dataset,
            String variant,
            int seed,
            int bestEpoch,
            double validationAccuracy,
            double testAccuracy,
            double finalTestAccuracy,
            double seconds) {}
}
