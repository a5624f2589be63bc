package io.photonflow.jobs.cli;

import io.photonflow.data.TrainingData;
import io.photonflow.jobs.bench.Dl4jBaseline;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import io.photonflow.math.NativeThreads;
import io.photonflow.math.ReferenceTrainer;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code photonflow benchmark}: trains the configured network three ways in one process and
 * prints training samples per second of each: the Flink dataflow on a mini-cluster, the
 * single-threaded reference trainer (same arithmetic, no Flink), and Deeplearning4j's
 * MultiLayerNetwork with backprop.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Measure training samples/s of the dataflow, the reference trainer and "
                + "Deeplearning4j (backprop) on the same network, data and batch size.")
final class BenchmarkCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Option(names = "--skip-dl4j", description = "Leave out the Deeplearning4j baseline.")
    boolean skipDl4j;

    @Override
    public Integer call() {
        try {
            JobConfig config = options.load();
            NativeThreads.configure(config.runtime().blasThreads());
            TrainingData data =
                    new TrainingData.Loader(
                                    config.data(),
                                    config.network().input(),
                                    config.network().classes())
                            .load();
            long examples = (long) data.train().size() * config.training().epochs();
            System.out.printf(
                    "benchmark: %s %s, batch %d, %d epochs x %d examples, staleness %d, blas threads %d%n",
                    config.algorithm().name().toLowerCase(),
                    config.network(),
                    config.training().batchSize(),
                    config.training().epochs(),
                    data.train().size(),
                    config.training().staleness(),
                    config.runtime().blasThreads());

            TrainingJob job = TrainingJob.plan(config);
            StreamExecutionEnvironment env = TrainingEnvironment.local(config);
            long start = System.nanoTime();
            job.execute(env);
            double dataflowSeconds = seconds(start);
            RunSummary dataflow = RunSummary.read(config.output().path(), dataflowSeconds);
            report("photonflow dataflow", examples, dataflowSeconds, dataflow.finalTestAccuracy());

            start = System.nanoTime();
            ReferenceTrainer.Result reference =
                    new ReferenceTrainer(config.setup()).train(data.train(), data.test());
            double referenceSeconds = seconds(start);
            report(
                    "reference trainer",
                    examples,
                    referenceSeconds,
                    reference.epochs().get(reference.epochs().size() - 1).accuracy());

            if (!skipDl4j) {
                start = System.nanoTime();
                Dl4jBaseline dl4j = new Dl4jBaseline(config.setup(), job.schedule().totalSteps());
                dl4j.train(data.train());
                double dl4jSeconds = seconds(start);
                report("dl4j backprop", examples, dl4jSeconds, dl4j.accuracy(data.test()));
                System.out.printf(
                        "ratios: dataflow/reference %.2f, dataflow/dl4j %.2f%n",
                        referenceSeconds / dataflowSeconds, dl4jSeconds / dataflowSeconds);
            } else {
                System.out.printf("ratio: dataflow/reference %.2f%n", referenceSeconds / dataflowSeconds);
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String name, long examples, double seconds, double accuracy) {
        System.out.printf(
                "%-20s %9.0f samples/s  (%7.1f s)  test accuracy %.2f%%%n",
                name, examples / seconds, seconds, 100 * accuracy);
    }
}
