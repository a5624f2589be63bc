package io.photonflow.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.photonflow.data.TrainingData;
import io.photonflow.jobs.bench.Dl4jBaseline;
import io.photonflow.jobs.bench.ProcessMemory;
import io.photonflow.jobs.bench.Throughput;
import io.photonflow.jobs.bench.TrainerFigures;
import io.photonflow.jobs.bench.TrainingCeiling;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.LocalCheckpoints;
import io.photonflow.jobs.training.ReferenceRun;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.jobs.training.StepThroughput;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import io.photonflow.math.Algorithm;
import io.photonflow.math.NativeThreads;
import io.photonflow.model.TrainingGemms;
import io.photonflow.training.ReferenceTrainer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code photonflow benchmark}: trains the configured network three ways in one process and prints
 * the training throughput of each: the Flink dataflow on a mini-cluster, the single-threaded
 * reference trainer (same arithmetic, no Flink), and Deeplearning4j's MultiLayerNetwork with
 * backprop. Throughput counts training steps only (no start-up, data loading or evaluation); the
 * dataflow's end-to-end time is printed as well. Each trainer is set against the ceiling measured
 * first in the same process ({@link TrainingCeiling}): its GEMM FLOP/s as a share of what sgemm
 * delivers at the step's shapes with 2 BLAS threads (the dataflow, which has both cores) or 1 (the
 * single-threaded reference trainer).
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Measure training samples/s of the dataflow, the reference trainer and "
                        + "Deeplearning4j (backprop) on the same network, data and batch size.")
final class BenchmarkCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Option(names = "--skip-dl4j", description = "Leave out the Deeplearning4j baseline.")
    boolean skipDl4j;

    @Option(names = "--json", description = "Print one JSON object with every figure instead.")
    boolean json;

    /**
     * Everything the benchmark measured, as printed and as {@code --json} writes it.
     *
     * @param algorithm the configured learning rule
     * @param network the network in short form
     * @param batchSize examples per step
     * @param ceiling GEMM FLOPs per example and sgemm at the step's shapes
     * @param trainers each trainer's throughput and share of the ceiling
     * @param peakResidentBytes VmHWM of this process after the dataflow ran (-1: unknown)
     * @param firstStepSeconds from the start of this JVM to the end of the dataflow's first step
     * @param dataflowSeconds the dataflow's run, start-up, data loading and evaluations included
     */
    record Figures(
            String algorithm,
            String network,
            int batchSize,
            TrainingCeiling ceiling,
            List<TrainerFigures> trainers,
            long peakResidentBytes,
            double firstStepSeconds,
            double dataflowSeconds) {}

    @Override
    public Integer call() {
        // Under --json, progress (the benchmark's and the jobs' own) goes to stderr, so that
        // stdout is the object alone.
        PrintStream stdout = System.out;
        if (json) {
            System.setOut(System.err);
        }
        try {
            JobConfig config = options.load();
            if (config.data().isGraph()) {
                throw new IllegalArgumentException(
                        "benchmark measures minibatch training of dense networks; for graphs, "
                                + "photonflow train prints the run's time and photonflow compare "
                                + "the accuracy table");
            }
            NativeThreads.configure(config.runtime().blasThreads());
            TrainingJob job = TrainingJob.plan(config);
            TrainingData data =
                    new TrainingData.Loader(
                                    config.data(),
                                    config.network().input(),
                                    config.network().classes())
                            .load();
            System.out.printf(
                    "benchmark: %s %s, batch %d, %d epochs x %d examples, staleness %d, "
                            + "blas threads %d, %d cores%n",
                    config.algorithm().name().toLowerCase(),
                    config.network().describe(),
                    config.training().batchSize(),
                    config.training().epochs(),
                    data.train().size(),
                    config.training().staleness(),
                    config.runtime().blasThreads(),
                    Runtime.getRuntime().availableProcessors());

            // Measured first, in this process, before the trainers heat the machine up.
            TrainingCeiling ceiling =
                    TrainingCeiling.measure(
                            config.network(),
                            config.algorithm(),
                            config.training().batchSize(),
                            config.runtime().blasThreads());

            long start = System.nanoTime();
            LocalCheckpoints.discard(
                    config, job.execute(TrainingEnvironment.local(config).env()).getJobID());
            double endToEnd = (System.nanoTime() - start) / 1e9;
            long peakBytes = ProcessMemory.peakResidentBytes();
            RunSummary dataflowRun = RunSummary.read(config.output().path(), endToEnd);
            StepThroughput steps = dataflowRun.throughput();
            Throughput dataflow =
                    new Throughput(
                            steps.examples(), steps.seconds(), dataflowRun.finalTestAccuracy());
            double firstStep =
                    (steps.firstMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
                            / 1e3;

            ReferenceTrainer.Result referenceRun = ReferenceRun.train(config, 0);
            Throughput reference =
                    new Throughput(
                            (long) data.train().size() * config.training().epochs(),
                            referenceRun.trainingSeconds(),
                            referenceRun
                                    .epochs()
                                    .get(referenceRun.epochs().size() - 1)
                                    .testAccuracy());
            double flops = ceiling.flopsPerExample();
            List<TrainerFigures> trainers = new ArrayList<>();
            trainers.add(TrainerFigures.of("photonflow dataflow", dataflow, ceiling, flops, 2));
            trainers.add(TrainerFigures.of("reference trainer", reference, ceiling, flops, 1));
            if (!skipDl4j) {
                Dl4jBaseline dl4j = new Dl4jBaseline(config.setup(), job.schedule().totalSteps());
                double seconds = dl4j.train(data.train());
                Throughput baseline =
                        new Throughput(
                                (long) data.train().size() * config.training().epochs(),
                                seconds,
                                dl4j.accuracy(data.test()));
                // Backprop's products, not the configured algorithm's; no ceiling of its own.
                trainers.add(
                        TrainerFigures.of(
                                "dl4j backprop",
                                baseline,
                                ceiling,
                                TrainingGemms.flopsPerExample(
                                        config.network(),
                                        Algorithm.BP,
                                        config.training().batchSize()),
                                0));
            }
            Figures figures =
                    new Figures(
                            config.algorithm().name().toLowerCase(Locale.ROOT),
                            config.network().describe(),
                            config.training().batchSize(),
                            ceiling,
                            trainers,
                            peakBytes,
                            firstStep,
                            endToEnd);
            if (json) {
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(stdout, figures);
                stdout.println();
            } else {
                print(figures, stdout);
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        } finally {
            System.setOut(stdout);
        }
    }

    private static void print(Figures figures, PrintStream out) {
        out.println();
        figures.ceiling().print(out);
        out.println();
        TrainerFigures.printHeader(out);
        figures.trainers().forEach(trainer -> trainer.print(out));
        double dataflow = figures.trainers().get(0).samplesPerSecond();
        double reference = figures.trainers().get(1).samplesPerSecond();
        if (figures.trainers().size() > 2) {
            out.printf(
                    Locale.ROOT,
                    "ratios: dataflow/reference %.2f, dataflow/dl4j %.2f%n",
                    dataflow / reference,
                    dataflow / figures.trainers().get(2).samplesPerSecond());
        } else {
            out.printf(Locale.ROOT, "ratio: dataflow/reference %.2f%n", dataflow / reference);
        }
        out.printf(
                Locale.ROOT,
                "dataflow end to end (start-up, data loading, evaluations included): %.1f s; first"
                        + " training step done %.1f s after the JVM started; peak RSS of this"
                        + " process after the dataflow: %s%n",
                figures.dataflowSeconds(),
                figures.firstStepSeconds(),
                figures.peakResidentBytes() < 0
                        ? "unknown"
                        : (figures.peakResidentBytes() >> 20) + " MiB");
    }
}
