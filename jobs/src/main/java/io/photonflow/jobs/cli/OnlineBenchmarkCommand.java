package io.photonflow.jobs.cli;

import io.photonflow.jobs.bench.OnlineBenchmark;
import io.photonflow.jobs.config.OnlineSpec;
import io.photonflow.math.NativeThreads;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code photonflow online-benchmark}: the online job's sustained training rate against the batch
 * dataflow's, and its end-to-end prediction latency under load in both delivery modes, measured in
 * one run ({@link OnlineBenchmark}).
 */
@Command(
        name = "online-benchmark",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the online job on this machine: its sustained training rate on a bounded"
                    + " replay against the batch dataflow's on the same network, data and batch"
                    + " size; then, for at-least-once and exactly-once delivery, the end-to-end"
                    + " latency of predictions (from the example's Kafka timestamp to the"
                    + " prediction read by a read_committed consumer) at --rate unlabelled"
                    + " examples/s while it trains on labelled ones at --training-fraction of the"
                    + " batch rate.",
            "The benchmark sets data.train-limit=60000, data.test-limit=1000, training.epochs=1,"
                    + " optimizer.schedule=constant, checkpointing.interval=1 s,"
                    + " runtime.web-ui-port=0 and output.directory=runs/online-benchmark; KEY=VALUE"
                    + " overrides win over these (a --config file's values do not)."
        })
final class OnlineBenchmarkCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description =
                    "A running Kafka broker to use (topics named online-benchmark-*). Default:"
                            + " the benchmark starts its own with docker/kafka/kafka.sh in a"
                            + " temporary folder on free ports and stops it at the end.")
    String bootstrapServers;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "500",
            description = "Unlabelled examples (predictions) offered per second (default 500).")
    double rate;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "20",
            description = "Measured seconds of each latency run (default 20).")
    double seconds;

    @Option(
            names = "--warmup",
            paramLabel = "S",
            defaultValue = "5",
            description =
                    "Seconds of load before each latency measurement, at least (default 5): the"
                            + " measurement starts once the job has also caught up with the topic.")
    double warmup;

    @Option(
            names = "--training-fraction",
            paramLabel = "F",
            defaultValue = "0.5",
            description =
                    "Labelled examples offered during the latency runs, as a fraction of the"
                            + " measured batch training rate (default 0.5).")
    double trainingFraction;

    @Option(
            names = "--exactly-once-interval",
            paramLabel = "S",
            defaultValue = "1",
            description =
                    "Checkpoint interval in seconds of the exactly-once latency run, whose"
                            + " predictions become visible at checkpoints (default 1); the other"
                            + " runs checkpoint as configured.")
    double exactlyOnceInterval;

    @Option(
            names = "--delivery",
            paramLabel = "MODE[,MODE]",
            split = ",",
            converter = DeliveryConverter.class,
            description =
                    "The delivery modes to measure the latency of, in order: at-least-once,"
                            + " exactly-once (default: both).")
    List<OnlineSpec.Delivery> deliveries;

    @Option(
            names = "--skip-latency",
            description = "Measure the training rates only, not the prediction latency.")
    boolean skipLatency;

    @Option(names = "--json", description = "Print one JSON object with every figure instead.")
    boolean json;

    @Override
    public Integer call() {
        try {
            OnlineBenchmark.Settings settings =
                    new OnlineBenchmark.Settings(
                            bootstrapServers,
                            rate,
                            seconds,
                            warmup,
                            trainingFraction,
                            skipLatency
                                    ? List.of()
                                    : deliveries != null
                                            ? deliveries
                                            : List.of(
                                                    OnlineSpec.Delivery.AT_LEAST_ONCE,
                                                    OnlineSpec.Delivery.EXACTLY_ONCE),
                            exactlyOnceInterval);
            // Under --json, progress (the benchmark's and the jobs' own) goes to stderr, so that
            // stdout is the object alone.
            PrintStream stdout = System.out;
            OnlineBenchmark.Result result;
            if (json) {
                System.setOut(System.err);
            }
            try {
                OnlineBenchmark benchmark =
                        new OnlineBenchmark(
                                options.config, options.overrides, settings, System.out);
                NativeThreads.configure(benchmark.config().runtime().blasThreads());
                result = benchmark.run();
            } finally {
                System.setOut(stdout);
            }
            if (json) {
                stdout.println(OnlineBenchmark.json(result));
            } else {
                stdout.println();
                OnlineBenchmark.print(result, stdout);
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    static final class DeliveryConverter implements ITypeConverter<OnlineSpec.Delivery> {
        @Override
        public OnlineSpec.Delivery convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "at-least-once" -> OnlineSpec.Delivery.AT_LEAST_ONCE;
                case "exactly-once" -> OnlineSpec.Delivery.EXACTLY_ONCE;
                default ->
                        throw new TypeConversionException(
                                "expected at-least-once or exactly-once, got '" + value + "'");
            };
        }
    }
}
