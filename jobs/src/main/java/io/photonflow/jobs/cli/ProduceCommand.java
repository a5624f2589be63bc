package io.photonflow.jobs.cli;

import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.online.ExampleProducer;
import io.photonflow.jobs.online.ReplayData;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code photonflow produce}: replays a data set into a Kafka topic for the online job. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Replay a data set (data.train, or data.test with --split test; idx or Avro, read"
                        + " as training reads it) into a Kafka topic, one Example per record"
                        + " (Avro single-object encoding, keyed by the example id, stamped with"
                        + " the send time), at a steady rate, a seeded fraction without labels, and"
                        + " optionally a concept drift: from --drift-after on, every label mapped"
                        + " through a seeded derangement of the classes.")
final class ProduceCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description =
                    "The topic to write; created when missing (default: online.examples-topic).")
    String topic;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "The Kafka brokers (default: online.bootstrap-servers).")
    String bootstrapServers;

    @Option(
            names = "--split",
            paramLabel = "train|test",
            defaultValue = "train",
            converter = SplitConverter.class,
            description = "Which data set to replay: data.train or data.test (default: train).")
    ReplayData.Split split;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Examples per second, on a steady schedule; 0 sends as fast as the broker"
                            + " takes them (default).")
    double rate;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Send at most N examples, over all passes (default 0: all).")
    long limit;

    @Option(
            names = "--unlabelled",
            paramLabel = "F",
            defaultValue = "0",
            description =
                    "Fraction of examples sent without their label, chosen by --seed; the online"
                            + " job predicts them (default 0).")
    double unlabelled;

    @Option(
            names = "--drift-after",
            paramLabel = "N",
            description = "Induce a concept drift after N examples (default: none).")
    Long driftAfter;

    @Option(
            names = "--drift",
            paramLabel = "permute-labels|none",
            defaultValue = "permute-labels",
            converter = DriftConverter.class,
            description =
                    "The drift after --drift-after: permute-labels (every label mapped through a"
                            + " seeded derangement of the classes, printed; the default) or none.")
    ExampleProducer.Drift drift;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description =
                    "Chooses the unlabelled examples and the drift's permutation (default 1).")
    long seed;

    @Option(
            names = "--repeat",
            paramLabel = "K",
            defaultValue = "1",
            description =
                    "Passes over the data set; with more than one, ids get the pass as a suffix"
                            + " (id/1, id/2, ...) (default 1).")
    int repeat;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "1",
            description = "Partitions of the topic when it is created (default 1).")
    int partitions;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long to wait for the broker to answer (default 10).")
    double timeoutSeconds;

    @Override
    public Integer call() {
        try {
            JobConfig config = options.load();
            if (!(timeoutSeconds > 0) || Double.isInfinite(timeoutSeconds)) {
                throw new IllegalArgumentException(
                        "--timeout must be a positive number of seconds, got " + timeoutSeconds);
            }
            ExampleProducer.Settings settings =
                    new ExampleProducer.Settings(
                            bootstrapServers != null
                                    ? bootstrapServers
                                    : config.online().bootstrapServers(),
                            topic != null ? topic : config.online().examplesTopic(),
                            partitions,
                            rate,
                            limit,
                            unlabelled,
                            driftAfter == null ? -1 : driftAfter,
                            drift,
                            seed,
                            repeat,
                            Duration.ofMillis(Math.round(timeoutSeconds * 1000)),
                            Duration.ofSeconds(10));
            if (driftAfter != null && driftAfter < 0) {
                throw new IllegalArgumentException(
                        "--drift-after must be 0 or more, got " + driftAfter);
            }
            ExampleProducer producer = new ExampleProducer(settings, System.out);
            // The broker first: a replay that cannot be sent need not wait for the data to load.
            producer.connect();
            ReplayData data = ReplayData.load(config, split);
            if (data.dataset().size() == 0) {
                throw new IllegalArgumentException(
                        "data."
                                + split.name().toLowerCase(Locale.ROOT)
                                + " has no usable example ("
                                + data.rejected().size()
                                + " rejected)");
            }
            System.out.printf(
                    Locale.ROOT,
                    "produce: %d examples of data.%s%s to %s at %s, %s, %.1f%% unlabelled"
                            + " (seed %d)%n",
                    ExampleProducer.total(settings, data.dataset().size()),
                    split.name().toLowerCase(Locale.ROOT),
                    data.rejected().isEmpty()
                            ? ""
                            : " (" + data.rejected().size() + " rejected by the loader, left out)",
                    settings.topic(),
                    settings.bootstrapServers(),
                    rate > 0
                            ? (rate == Math.rint(rate) ? Long.toString((long) rate) : rate)
                                    + " examples/s"
                            : "as fast as the broker takes them",
                    100 * unlabelled,
                    seed);
            return produce(producer, settings, data, config.network().classes());
        } catch (ExampleProducer.ProduceException e) {
            System.err.println("error: " + e.getMessage());
            return Failures.JOB;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }

    /** Runs the replay; Ctrl-C stops it after flushing what was sent, and prints the summary. */
    private static int produce(
            ExampleProducer producer,
            ExampleProducer.Settings settings,
            ReplayData data,
            int classes)
            throws ExampleProducer.ProduceException {
        CountDownLatch finished = new CountDownLatch(1);
        long patience = settings.timeout().toSeconds() + 60;
        Thread stopper =
                new Thread(
                        () -> {
                            producer.stop();
                            try {
                                finished.await(patience, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "photonflow-produce-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            ExampleProducer.Summary summary = producer.run(data, classes);
            System.out.println(summary.oneLine(settings));
            System.out.flush();
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook runs, and now returns
            }
        }
    }

    static final class SplitConverter implements ITypeConverter<ReplayData.Split> {
        @Override
        public ReplayData.Split convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "train" -> ReplayData.Split.TRAIN;
                case "test" -> ReplayData.Split.TEST;
                default ->
                        throw new picocli.CommandLine.TypeConversionException(
                                "expected train or test, got '" + value + "'");
            };
        }
    }

    static final class DriftConverter implements ITypeConverter<ExampleProducer.Drift> {
        @Override
        public ExampleProducer.Drift convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "permute-labels" -> ExampleProducer.Drift.PERMUTE_LABELS;
                case "none" -> ExampleProducer.Drift.NONE;
                default ->
                        throw new picocli.CommandLine.TypeConversionException(
                                "expected permute-labels or none, got '" + value + "'");
            };
        }
    }
}
