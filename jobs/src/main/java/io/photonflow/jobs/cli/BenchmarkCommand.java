package io.photonflow.jobs.cli;

import io.photonflow.data.TrainingData;
import io.photonflow.jobs.bench.Dl4jBaseline;
import io.photonflow.jobs.bench.Throughput;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.LocalCheckpoints;
import io.photonflow.jobs.training.ReferenceRun;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import io.photonflow.math.NativeThreads;
import io.photonflow.training.ReferenceTrainer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code photonflow benchmark}: trains the configured network three ways in one process and prints
 * the training throughput of each: the Flink dataflow on a mini-cluster, the single-threaded
 * reference trainer (same arithmetic, no Flink), and Deeplearning4j's MultiLayerNetwork with
 * backprop. Throughput counts training steps only (no start-up, data loading or evaluation); the
 * dataflow's end-to-end time is printed as well.
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

    @Override
    public Integer call() {
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

            long start = System.nanoTime();
            LocalCheckpoints.discard(
                    config, job.execute(TrainingEnvironment.local(config).env()).getJobID());
            double endToEnd = (System.nanoTime() - start) / 1e9;
            RunSummary dataflowRun = RunSummary.read(config.output().path(), endToEnd);
            Throughput dataflow =
                    Throughput.ofMetrics(config.output().path(), dataflowRun.finalTestAccuracy());

            ReferenceTrainer.Result referenceRun = ReferenceRun.train(config, 0);
            Throughput reference =
                    new Throughput(
                            (long) data.train().size() * config.training().epochs(),
                            referenceRun.trainingSeconds(),
                            referenceRun
                                    .epochs()
                                    .get(referenceRun.epochs().size() - 1)
                                    .testAccuracy());

            System.out.println();
            System.out.printf(
                    "%-22s %12s %10s %14s%n", "trainer", "samples/s", "seconds", "test accuracy");
            dataflow.print("photonflow dataflow");
            reference.print("reference trainer");
            if (!skipDl4j) {
                Dl4jBaseline dl4j = new Dl4jBaseline(config.setup(), job.schedule().totalSteps());
                double seconds = dl4j.train(data.train());
                Throughput baseline =
                        new Throughput(
                                (long) data.train().size() * config.training().epochs(),
                                seconds,
                                dl4j.accuracy(data.test()));
                baseline.print("dl4j backprop");
                System.out.printf(
                        "ratios: dataflow/reference %.2f, dataflow/dl4j %.2f%n",
                        dataflow.samplesPerSecond() / reference.samplesPerSecond(),
                        dataflow.samplesPerSecond() / baseline.samplesPerSecond());
            } else {
                System.out.printf(
                        "ratio: dataflow/reference %.2f%n",
                        dataflow.samplesPerSecond() / reference.samplesPerSecond());
            }
            System.out.printf(
                    "dataflow end to end (start-up, data loading, evaluations included): %.1f s%n",
                    endToEnd);
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
