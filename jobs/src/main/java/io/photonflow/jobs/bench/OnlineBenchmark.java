package io.photonflow.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.photonflow.avro.Example;
import io.photonflow.data.ExampleCodec;
import io.photonflow.data.SplitSource;
import io.photonflow.jobs.config.ConfigException;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.config.OnlineSpec;
import io.photonflow.jobs.online.ExampleProducer;
import io.photonflow.jobs.online.OnlineJob;
import io.photonflow.jobs.online.ReplayData;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code photonflow online-benchmark}: measures, in one process on this machine, what the online
 * job costs against the batch dataflow and how fast its predictions come back.
 *
 * <ol>
 *   <li><b>Sustained training rate.</b> The batch {@link TrainingJob} trains the configured network
 *       on {@code data.train} (by default the first 20,000 Fashion-MNIST images, one epoch; seeded
 *       synthetic examples of the same shape where Fashion-MNIST is not installed); the same
 *       examples, all labelled, are written to a fresh topic, and the {@link OnlineJob} learns from
 *       it with {@code online.bounded=true}. Both rates come from the error operator's training
 *       metrics (metrics.avro), leaving out the first {@value #SKIP_PERCENT}% of the steps
 *       (start-up) alike: {@link TrainingRate}.
 *   <li><b>End-to-end prediction latency</b>, for each delivery mode (at-least-once, then
 *       exactly-once): the unbounded online job runs on fresh topics while {@link ExampleProducer}
 *       offers unlabelled examples at {@link Settings#rate()} per second, interleaved (a seeded
 *       choice) with labelled ones at {@link Settings#trainingFraction()} of the measured batch
 *       rate, and a {@link PredictionReader} in a thread notes when each prediction becomes
 *       readable. A prediction's latency is that time minus its example's Kafka record timestamp
 *       (the producer's send time, carried as the prediction's event time). Predictions of the
 *       examples sent in the measured window ({@link Settings#seconds()} after {@link
 *       Settings#warmupSeconds()} of warm-up) count; the examples topic read back afterwards says
 *       which unlabelled examples were sent in the window, so that a missing or repeated prediction
 *       shows.
 * </ol>
 *
 * <p>The broker is the one at {@link Settings#bootstrapServers()}, or, when that is null, one the
 * benchmark starts itself with {@code docker/kafka/kafka.sh} in a temporary folder and stops at the
 * end. Every run uses topics and a consumer group of its own, named after the start time.
 */
public final class OnlineBenchmark {

    /**
     * The benchmark's settings, applied before the user's {@code key=value} overrides (which win;
     * those of a {@code --config} file do not).
     */
    public static final List<String> DEFAULTS =
            List.of(
                    // One pass over the training images: a rate sustained over 469 steps, not
                    // one taken while the JIT still compiles the job's Kafka and Avro paths.
                    "data.train-limit=60000",
                    "data.test-limit=1000",
                    "training.epochs=1",
                    "optimizer.schedule=constant",
                    "checkpointing.enabled=true",
                    "runtime.web-ui-port=0",
                    "runtime.progress-every=1000000",
                    "output.directory=runs/online-benchmark");

    /** Every prediction a latency run read, in its output folder. */
    public static final String ARRIVALS_FILE = "predictions.csv";

    /** The share of first training steps left out of both rates. */
    static final int SKIP_PERCENT = 10;

    /** The target for the online job's sustained rate, as a fraction of the batch rate. */
    public static final double THROUGHPUT_TARGET = 0.70;

    /** The target for the at-least-once p99. */
    public static final long AT_LEAST_ONCE_P99_TARGET_MILLIS = 50;

    /** The allowance over the checkpoint interval for the exactly-once p99. */
    public static final long EXACTLY_ONCE_P99_ALLOWANCE_MILLIS = 100;

    /** Training at this share of the labelled examples offered, or more, keeps up with them. */
    static final double KEEPING_UP = 0.95;

    private static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist/";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /**
     * The job has caught up with the topic when the newest prediction read is of an example sent
     * less than this long before: a start-up backlog (JIT compilation, the first checkpoints) takes
     * long to work off when the load is a large share of what the job can do, and latencies taken
     * while it lasts say nothing about the steady state.
     */
    private static final long CAUGHT_UP_MILLIS = 250;

    /** Longest wait for the job to catch up; the window opens then in any case. */
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final int SYNTHETIC_TRAIN = 60_000;
    private static final int SYNTHETIC_TEST = 1_000;

    /**
     * How to measure.
     *
     * @param bootstrapServers the broker to use; null: start one with docker/kafka/kafka.sh
     * @param rate unlabelled examples (predictions) offered per second in the latency runs
     * @param seconds length of the measured window of each latency run
     * @param warmupSeconds sending before the window opens, at least: it opens only once the job
     *     has caught up with the topic (the backlog of its start-up worked off)
     * @param trainingFraction labelled examples offered in the latency runs, as a fraction of the
     *     batch dataflow's measured rate
     * @param deliveries the delivery modes to measure the latency of, in order (none: the training
     *     rates only)
     * @param exactlyOnceIntervalSeconds the checkpoint interval of the exactly-once run, whose
     *     predictions become visible at checkpoints (the other runs checkpoint as configured)
     */
    public record Settings(
            String bootstrapServers,
            double rate,
            double seconds,
            double warmupSeconds,
            double trainingFraction,
            List<OnlineSpec.Delivery> deliveries,
            double exactlyOnceIntervalSeconds) {

        public Settings {
            if (bootstrapServers != null && bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("--bootstrap-servers is empty");
            }
            require(Double.isFinite(rate) && rate > 0, "--rate must be positive, got " + rate);
            require(
                    Double.isFinite(seconds) && seconds > 0,
                    "--seconds must be positive, got " + seconds);
            require(
                    Double.isFinite(warmupSeconds) && warmupSeconds >= 0,
                    "--warmup must be 0 or more seconds, got " + warmupSeconds);
            require(
                    Double.isFinite(trainingFraction) && trainingFraction >= 0,
                    "--training-fraction must be 0 or more, got " + trainingFraction);
            require(
                    Double.isFinite(exactlyOnceIntervalSeconds) && exactlyOnceIntervalSeconds > 0,
                    "--exactly-once-interval must be positive, got " + exactlyOnceIntervalSeconds);
            deliveries = List.copyOf(deliveries);
        }

        private static void require(boolean condition, String problem) {
            if (!condition) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    /** The run's setting, as printed in the header and the JSON object. */
    public record Setup(
            String algorithm,
            String network,
            int batchSize,
            int staleness,
            int blasThreads,
            int cores,
            String data,
            int trainExamples,
            int epochs,
            String bootstrapServers,
            boolean brokerStartedByBenchmark,
            long checkpointIntervalMillis,
            long predictionMaxWaitMillis,
            int predictionBatchSize,
            String replayDelivery) {}

    /** Training rates of the batch dataflow and of the online job on a bounded replay. */
    public record Throughput(
            double batchExamplesPerSecond,
            double batchSeconds,
            long batchFirstStep,
            long batchLastStep,
            double onlineExamplesPerSecond,
            double onlineSeconds,
            long onlineFirstStep,
            long onlineLastStep,
            double ratio,
            double target,
            boolean met,
            CpuUse batchCpu,
            CpuUse onlineCpu) {}

    /** The latency run of one delivery mode. */
    public record Latency(
            String delivery,
            long checkpointIntervalMillis,
            double windowSeconds,
            double warmupSeconds,
            double offeredPredictionsPerSecond,
            double offeredLabelledPerSecond,
            double trainedExamplesPerSecond,
            boolean keptUp,
            int expected,
            int received,
            int missing,
            int duplicates,
            LatencyStats endToEndMillis,
            LatencyStats inJobMillis,
            LatencyStats afterJobMillis,
            long targetP99Millis,
            boolean met,
            CpuUse cpu) {}

    /** Everything the benchmark measured. */
    public record Result(Setup setup, Throughput throughput, List<Latency> latency) {}

    private final Path configFile;
    private final List<String> overrides;
    private final Settings settings;
    private final PrintStream log;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private List<String> dataOverrides = List.of();
    private OptionalLong brokerPid = OptionalLong.empty();

    /**
     * @param configFile the job configuration, or null for the defaults
     * @param overrides the user's {@code key=value} overrides
     * @param settings how to measure
     * @param log where progress goes
     */
    public OnlineBenchmark(
            Path configFile, List<String> overrides, Settings settings, PrintStream log) {
        this.configFile = configFile;
        this.overrides = List.copyOf(overrides);
        this.settings = settings;
        this.log = log;
    }

    /** The configuration: the benchmark's defaults, the user's, then {@code extra}. */
    public JobConfig config(String... extra) throws ConfigException, IOException {
        List<String> all = new ArrayList<>(DEFAULTS);
        all.addAll(overrides);
        all.addAll(dataOverrides);
        all.addAll(List.of(extra));
        return new ConfigLoader().load(configFile, all);
    }

    /** Runs the whole benchmark. */
    public Result run() throws Exception {
        JobConfig config = config();
        if (config.data().isGraph()) {
            throw new IllegalArgumentException(
                    "online-benchmark measures dense networks trained on examples; data.graph is"
                            + " for batch training");
        }
        Path base = config.output().path().toAbsolutePath();
        String data = describeData(config, base);
        config = config();
        ReplayData examples = ReplayData.load(config, ReplayData.Split.TRAIN);
        if (examples.dataset().size() < 2 * config.training().batchSize()) {
            throw new IllegalArgumentException(
                    "data.train has "
                            + examples.dataset().size()
                            + " usable examples; the benchmark needs two minibatches or more");
        }

        log.printf(
                Locale.ROOT,
                "online-benchmark: batch dataflow, %d examples x %d epoch(s) of %s%n",
                examples.dataset().size(),
                config.training().epochs(),
                data);
        CpuUse.Sample batchFrom = CpuUse.sample(OptionalLong.empty());
        TrainingRate batch = batchRate(base);
        CpuUse batchCpu = CpuUse.between(batchFrom, CpuUse.sample(OptionalLong.empty()));

        ScriptBroker ownBroker = null;
        brokerPid = OptionalLong.empty();
        try {
            String bootstrap = settings.bootstrapServers();
            if (bootstrap == null) {
                log.println("online-benchmark: starting a Kafka broker (docker/kafka/kafka.sh)");
                ownBroker = ScriptBroker.start(projectRoot());
                bootstrap = ownBroker.bootstrapServers();
                brokerPid = ownBroker.pid();
            }
            Setup setup =
                    new Setup(
                            config.algorithm().name().toLowerCase(Locale.ROOT),
                            config.network().describe(),
                            config.training().batchSize(),
                            config.training().staleness(),
                            config.runtime().blasThreads(),
                            Runtime.getRuntime().availableProcessors(),
                            data,
                            examples.dataset().size(),
                            config.training().epochs(),
                            bootstrap,
                            ownBroker != null,
                            config.checkpointing().enabled()
                                    ? config.checkpointing().intervalDuration().toMillis()
                                    : 0,
                            config.online().predictionMaxWaitDuration().toMillis(),
                            config.online().predictionBatchSize(),
                            delivery(config.online().delivery()));

            log.printf(
                    "online-benchmark: online job, bounded replay of the same examples (%s) at"
                            + " %s%n",
                    setup.replayDelivery(), bootstrap);
            CpuUse.Sample onlineFrom = CpuUse.sample(brokerPid);
            TrainingRate online = replayRate(base, bootstrap, examples, config);
            CpuUse onlineCpu = CpuUse.between(onlineFrom, CpuUse.sample(brokerPid));
            double ratio = online.examplesPerSecond() / batch.examplesPerSecond();
            Throughput throughput =
                    new Throughput(
                            batch.examplesPerSecond(),
                            batch.seconds(),
                            batch.firstStep(),
                            batch.lastStep(),
                            online.examplesPerSecond(),
                            online.seconds(),
                            online.firstStep(),
                            online.lastStep(),
                            ratio,
                            THROUGHPUT_TARGET,
                            ratio >= THROUGHPUT_TARGET,
                            batchCpu,
                            onlineCpu);

            double labelledRate = settings.trainingFraction() * batch.examplesPerSecond();
            List<Latency> latency = new ArrayList<>();
            for (OnlineSpec.Delivery delivery : settings.deliveries()) {
                log.printf(
                        Locale.ROOT,
                        "online-benchmark: latency, %s: %.0f predictions/s and %.0f labelled"
                                + " examples/s for %.0f s of warm-up or more (until the job has"
                                + " caught up) and %.0f s measured%n",
                        delivery(delivery),
                        settings.rate(),
                        labelledRate,
                        settings.warmupSeconds(),
                        settings.seconds());
                latency.add(latencyRun(base, bootstrap, examples, delivery, labelledRate));
            }
            return new Result(setup, throughput, latency);
        } finally {
            if (ownBroker != null) {
                ownBroker.close();
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Reporting

    /** Prints the result as tables: the setting, the training rates, the latencies. */
    public static void print(Result result, PrintStream out) {
        Setup setup = result.setup();
        out.printf(
                Locale.ROOT,
                "online-benchmark: %s %s, batch %d, staleness %d, blas threads %d, %d cores;"
                        + " %s, %d epoch(s); broker %s%s; checkpoints every %s; predictions"
                        + " in minibatches of up to %d, waiting up to %d ms%n",
                setup.algorithm(),
                setup.network(),
                setup.batchSize(),
                setup.staleness(),
                setup.blasThreads(),
                setup.cores(),
                setup.data(),
                setup.epochs(),
                setup.bootstrapServers(),
                setup.brokerStartedByBenchmark() ? " (started by the benchmark)" : "",
                setup.checkpointIntervalMillis() > 0
                        ? millis(setup.checkpointIntervalMillis())
                        : "(off)",
                setup.predictionBatchSize(),
                setup.predictionMaxWaitMillis());
        out.println();

        Throughput t = result.throughput();
        String online = "online job, bounded replay (" + setup.replayDelivery() + ")";
        out.printf(
                Locale.ROOT,
                "%-44s %11s %8s %9s   %s%n",
                "training (first " + SKIP_PERCENT + "% of steps left out)",
                "examples/s",
                "seconds",
                "steps",
                "cores used: this JVM, broker, other processes");
        out.printf(
                Locale.ROOT,
                "%-44s %11.0f %8.1f %9s   %s%n",
                "batch dataflow",
                t.batchExamplesPerSecond(),
                t.batchSeconds(),
                t.batchFirstStep() + ".." + t.batchLastStep(),
                cores(t.batchCpu()));
        out.printf(
                Locale.ROOT,
                "%-44s %11.0f %8.1f %9s   %s%n",
                online,
                t.onlineExamplesPerSecond(),
                t.onlineSeconds(),
                t.onlineFirstStep() + ".." + t.onlineLastStep(),
                cores(t.onlineCpu()));
        out.printf(
                Locale.ROOT,
                "online/batch %.2f (target >= %.2f: %s)%n",
                t.ratio(),
                t.target(),
                t.met()
                        ? "met"
                        : String.format(Locale.ROOT, "missed by %.2f", t.target() - t.ratio()));

        if (result.latency().isEmpty()) {
            return;
        }
        out.println();
        Latency first = result.latency().get(0);
        out.printf(
                Locale.ROOT,
                "prediction latency in ms, from the example's Kafka timestamp to the prediction"
                        + " read by a read_committed consumer, over the examples sent in %.0f s"
                        + " after the warm-up (--warmup seconds, then until the job had caught up"
                        + " with the topic); job p99: of the part up to the error operator, out"
                        + " p99: of the rest (sink, commit, broker, consumer)%n",
                first.windowSeconds());
        out.printf(
                Locale.ROOT,
                "%-14s %10s %7s %9s %10s %9s %6s %7s %6s %6s %6s %7s %7s %7s  %-16s %s%n",
                "delivery",
                "checkpoint",
                "warm-up",
                "offered/s",
                "labelled/s",
                "trained/s",
                "preds",
                "missing",
                "p50",
                "p99",
                "max",
                "mean",
                "job p99",
                "out p99",
                "cores used",
                "target");
        for (Latency l : result.latency()) {
            LatencyStats e = l.endToEndMillis();
            out.printf(
                    Locale.ROOT,
                    "%-14s %10s %6.0fs %9.1f %10.1f %9.1f %6d %7d %6d %6d %6d %7.1f %7d %7d  %-16s"
                            + " %s%n",
                    l.delivery(),
                    l.checkpointIntervalMillis() > 0 ? millis(l.checkpointIntervalMillis()) : "off",
                    l.warmupSeconds(),
                    l.offeredPredictionsPerSecond(),
                    l.offeredLabelledPerSecond(),
                    l.trainedExamplesPerSecond(),
                    e.count(),
                    l.missing(),
                    e.p50(),
                    e.p99(),
                    e.max(),
                    e.mean(),
                    l.inJobMillis().p99(),
                    l.afterJobMillis().p99(),
                    cores(l.cpu()),
                    verdict(l));
        }
        for (Latency l : result.latency()) {
            if (!l.keptUp()) {
                out.printf(
                        Locale.ROOT,
                        "%s: the job trained %.0f of the %.0f labelled examples/s offered: it fell"
                                + " behind the topic, and the latencies include the backlog"
                                + " (--training-fraction lowers the load)%n",
                        l.delivery(),
                        l.trainedExamplesPerSecond(),
                        l.offeredLabelledPerSecond());
            }
        }
    }

    /** Cores used by this JVM, the broker and the other processes, as {@code 1.62 0.21 0.05}. */
    private static String cores(CpuUse cpu) {
        if (Double.isNaN(cpu.thisJvm())) {
            return "(unknown)";
        }
        return String.format(
                Locale.ROOT, "%.2f %.2f %.2f", cpu.thisJvm(), cpu.broker(), cpu.others());
    }

    private static String verdict(Latency l) {
        String target = "p99 <= " + l.targetP99Millis() + " ms";
        if (l.endToEndMillis().count() == 0) {
            return target + ": no predictions";
        }
        if (l.missing() > 0) {
            return target + ": " + l.missing() + " predictions missing";
        }
        long p99 = l.endToEndMillis().p99();
        return target
                + (p99 <= l.targetP99Millis()
                        ? ": met"
                        : ": missed by " + (p99 - l.targetP99Millis()) + " ms");
    }

    private static String millis(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** The result as one JSON object. */
    public static String json(Result result) throws IOException {
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result);
    }

    // -----------------------------------------------------------------------------------------
    // Data

    /**
     * Names the data the runs use; where data.train is Fashion-MNIST and not installed, writes
     * synthetic examples of the network's shape under {@code base} and uses those.
     */
    private String describeData(JobConfig config, Path base) throws IOException {
        SplitSource train = config.data().train();
        if (train.usesAvro()) {
            return train.avro() + limit(config.data().trainLimit());
        }
        boolean fashion = train.images().startsWith(FASHION_MNIST);
        boolean present =
                Files.exists(Path.of(train.images())) && Files.exists(Path.of(train.labels()));
        if (present || !fashion) {
            return (fashion ? "Fashion-MNIST train" : train.images())
                    + limit(config.data().trainLimit());
        }
        int count = config.data().trainLimit() > 0 ? config.data().trainLimit() : SYNTHETIC_TRAIN;
        Path directory = base.resolve("synthetic");
        SyntheticExampleFiles.Splits files =
                SyntheticExampleFiles.write(
                        directory,
                        count,
                        SYNTHETIC_TEST,
                        config.network().input(),
                        config.network().classes(),
                        config.seeds().data());
        dataOverrides =
                List.of(
                        "data.train.images=null",
                        "data.train.labels=null",
                        "data.train.avro=" + files.train(),
                        "data.test.images=null",
                        "data.test.labels=null",
                        "data.test.avro=" + files.test());
        log.println(
                "online-benchmark: Fashion-MNIST is not installed (sudo apt-get install"
                        + " dataset-fashion-mnist); using seeded synthetic examples of the same"
                        + " shape");
        return "synthetic examples (" + count + ")";
    }

    private static String limit(int trainLimit) {
        return trainLimit > 0 ? " (first " + trainLimit + ")" : "";
    }

    // -----------------------------------------------------------------------------------------
    // Throughput

    private TrainingRate batchRate(Path base) throws Exception {
        Path out = fresh(base.resolve("batch"));
        JobConfig config =
                config(
                        "output.directory=" + out,
                        "checkpointing.directory=" + out.resolve("checkpoints"));
        TrainingJob job = TrainingJob.plan(config);
        job.execute(environment(config));
        return TrainingRate.of(
                TrainingRate.read(out.resolve(TrainingJob.METRICS_FILE)), SKIP_PERCENT / 100.0);
    }

    private TrainingRate replayRate(
            Path base, String bootstrap, ReplayData examples, JobConfig config) throws Exception {
        Path out = fresh(base.resolve("replay"));
        String prefix = "online-benchmark-" + runId + "-replay";
        createTopics(bootstrap, prefix);
        int epochs = config.training().epochs();
        ExampleProducer.Settings produce =
                new ExampleProducer.Settings(
                        bootstrap,
                        prefix + "-examples",
                        1,
                        0,
                        0,
                        0,
                        -1,
                        ExampleProducer.Drift.NONE,
                        config.seeds().data(),
                        epochs,
                        CLIENT_TIMEOUT,
                        Duration.ofHours(1));
        new ExampleProducer(produce, quiet()).run(examples, config.network().classes());
        JobConfig replay =
                config(
                        topics(
                                prefix,
                                bootstrap,
                                config.online().delivery(),
                                true,
                                out,
                                "output.directory=" + out));
        new OnlineJob(replay).execute(environment(replay));
        return TrainingRate.of(
                TrainingRate.read(out.resolve(TrainingJob.METRICS_FILE)), SKIP_PERCENT / 100.0);
    }

    // -----------------------------------------------------------------------------------------
    // Latency

    private Latency latencyRun(
            Path base,
            String bootstrap,
            ReplayData examples,
            OnlineSpec.Delivery delivery,
            double labelledRate)
            throws Exception {
        String name = delivery(delivery);
        Path out = fresh(base.resolve(name));
        String prefix = "online-benchmark-" + runId + "-" + name;
        createTopics(bootstrap, prefix);
        List<String> extra =
                new ArrayList<>(
                        List.of(
                                topics(
                                        prefix,
                                        bootstrap,
                                        delivery,
                                        false,
                                        out,
                                        "output.directory=" + out)));
        if (delivery == OnlineSpec.Delivery.EXACTLY_ONCE) {
            extra.add(
                    "checkpointing.interval="
                            + Math.round(settings.exactlyOnceIntervalSeconds() * 1000)
                            + " ms");
        }
        JobConfig config = config(extra.toArray(String[]::new));
        long interval =
                config.checkpointing().enabled()
                        ? config.checkpointing().intervalDuration().toMillis()
                        : 0;
        int classes = config.network().classes();

        PredictionReader reader = new PredictionReader(bootstrap, prefix + "-predictions", 1);
        reader.start();
        JobClient client = null;
        ExampleProducer paced = null;
        CompletableFuture<ExampleProducer.Summary> sending = null;
        long sendStart;
        long windowStart;
        long windowEnd;
        CpuUse cpu;
        try {
            StreamExecutionEnvironment env = environment(config);
            new OnlineJob(config).addTo(env);
            client = env.executeAsync(config.name());

            // Ready: one unlabelled example goes in and its prediction comes back.
            ExampleProducer.Settings probe =
                    new ExampleProducer.Settings(
                            bootstrap,
                            prefix + "-examples",
                            1,
                            0,
                            1,
                            1,
                            -1,
                            ExampleProducer.Drift.NONE,
                            1,
                            1,
                            CLIENT_TIMEOUT,
                            Duration.ofHours(1));
            new ExampleProducer(probe, quiet()).run(examples, classes);
            long readyBy = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (reader.count() == 0) {
                check(client, reader);
                if (System.nanoTime() > readyBy) {
                    throw new IOException(
                            "the online job predicted nothing within "
                                    + READY_TIMEOUT.toMinutes()
                                    + " min of its start");
                }
                Thread.sleep(20);
            }

            // Steady load: labelled and unlabelled examples interleaved, at their rates.
            double total = labelledRate + settings.rate();
            double drain = interval / 1e3 + 30;
            long limit =
                    (long)
                            Math.ceil(
                                    total
                                            * (settings.warmupSeconds()
                                                    + CATCH_UP_TIMEOUT.toSeconds()
                                                    + settings.seconds()
                                                    + drain));
            int repeat =
                    (int)
                            Math.max(
                                    2,
                                    (limit + examples.dataset().size() - 1)
                                            / examples.dataset().size());
            ExampleProducer.Settings load =
                    new ExampleProducer.Settings(
                            bootstrap,
                            prefix + "-examples",
                            1,
                            total,
                            limit,
                            settings.rate() / total,
                            -1,
                            ExampleProducer.Drift.NONE,
                            config.seeds().data(),
                            repeat,
                            CLIENT_TIMEOUT,
                            Duration.ofHours(1));
            paced = new ExampleProducer(load, quiet());
            ExampleProducer producer = paced;
            sendStart = System.currentTimeMillis();
            sending =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return producer.run(examples, classes);
                                } catch (ExampleProducer.ProduceException e) {
                                    throw new IllegalStateException(e.getMessage(), e);
                                }
                            },
                            task -> {
                                Thread thread = new Thread(task, "photonflow-benchmark-producer");
                                thread.setDaemon(true);
                                thread.start();
                            });
            long warmedUp = sendStart + Math.round(settings.warmupSeconds() * 1000);
            long catchUpBy = warmedUp + CATCH_UP_TIMEOUT.toMillis();
            long now = System.currentTimeMillis();
            while (now < warmedUp
                    || (now < catchUpBy && reader.latestEventTime() < now - CAUGHT_UP_MILLIS)) {
                check(client, reader);
                checkSending(sending);
                Thread.sleep(20);
                now = System.currentTimeMillis();
            }
            windowStart = now;
            windowEnd = windowStart + Math.round(settings.seconds() * 1000);
            CpuUse.Sample cpuFrom = CpuUse.sample(brokerPid);
            while (System.currentTimeMillis() < windowEnd) {
                check(client, reader);
                checkSending(sending);
                Thread.sleep(20);
            }
            cpu = CpuUse.between(cpuFrom, CpuUse.sample(brokerPid));
            // Drain: predictions come in log order; once one of an example sent after the window
            // is readable, so are all of the window's (up to a deadline).
            long drainBy = System.currentTimeMillis() + Math.round(drain * 1000);
            while (reader.latestEventTime() < windowEnd && System.currentTimeMillis() < drainBy) {
                check(client, reader);
                checkSending(sending);
                Thread.sleep(20);
            }
        } finally {
            if (paced != null) {
                paced.stop();
                try {
                    sending.get(CLIENT_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // reported by checkSending while it ran; the figures below say the rest
                }
            }
            if (client != null) {
                cancel(client);
            }
            reader.close();
        }

        // What was sent in the window, read back from the examples topic.
        Set<String> expected = new HashSet<>();
        long labelled = 0;
        for (Sent sent : readExamples(bootstrap, prefix + "-examples", config)) {
            if (sent.timestamp() >= windowStart && sent.timestamp() < windowEnd) {
                if (sent.labelled()) {
                    labelled++;
                } else {
                    expected.add(sent.id());
                }
            }
        }
        List<PredictionReader.Arrival> all = reader.arrivals();
        writeArrivals(out.resolve(ARRIVALS_FILE), all, windowStart, windowEnd);
        List<PredictionReader.Arrival> arrivals = new ArrayList<>();
        for (PredictionReader.Arrival arrival : all) {
            if (arrival.eventTimeMillis() >= windowStart && arrival.eventTimeMillis() < windowEnd) {
                arrivals.add(arrival);
            }
        }
        Set<String> received = new HashSet<>();
        long[] endToEnd = new long[arrivals.size()];
        List<Long> inJob = new ArrayList<>();
        List<Long> afterJob = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            PredictionReader.Arrival arrival = arrivals.get(i);
            received.add(arrival.id());
            endToEnd[i] = arrival.endToEndMillis();
            if (arrival.inJobMillis() != null) {
                inJob.add(arrival.inJobMillis());
                afterJob.add(arrival.endToEndMillis() - arrival.inJobMillis());
            }
        }
        int missing = 0;
        for (String id : expected) {
            if (!received.contains(id)) {
                missing++;
            }
        }
        double seconds = (windowEnd - windowStart) / 1e3;
        TrainingRate trained =
                TrainingRate.within(
                        TrainingRate.read(out.resolve(TrainingJob.METRICS_FILE)),
                        windowStart,
                        windowEnd);
        LatencyStats stats = LatencyStats.of(endToEnd);
        long target =
                delivery == OnlineSpec.Delivery.AT_LEAST_ONCE
                        ? AT_LEAST_ONCE_P99_TARGET_MILLIS
                        : interval + EXACTLY_ONCE_P99_ALLOWANCE_MILLIS;
        return new Latency(
                name,
                interval,
                seconds,
                (windowStart - sendStart) / 1e3,
                expected.size() / seconds,
                labelled / seconds,
                trained.examplesPerSecond(),
                trained.examplesPerSecond() >= KEEPING_UP * (labelled / seconds),
                expected.size(),
                arrivals.size(),
                missing,
                arrivals.size() - received.size(),
                stats,
                LatencyStats.of(inJob.stream().mapToLong(Long::longValue).toArray()),
                LatencyStats.of(afterJob.stream().mapToLong(Long::longValue).toArray()),
                target,
                stats.count() > 0 && missing == 0 && stats.p99() <= target,
                cpu);
    }

    /**
     * Every prediction read, in the order read, as CSV: id, the example's timestamp, when it was
     * read, the latency to the error operator, and whether it is in the measured window.
     */
    private static void writeArrivals(
            Path file, List<PredictionReader.Arrival> arrivals, long windowStart, long windowEnd)
            throws IOException {
        StringBuilder csv =
                new StringBuilder("id,event_time_ms,read_at_ms,end_to_end_ms,in_job_ms,window\n");
        for (PredictionReader.Arrival a : arrivals) {
            csv.append(a.id())
                    .append(',')
                    .append(a.eventTimeMillis())
                    .append(',')
                    .append(a.arrivalMillis())
                    .append(',')
                    .append(a.endToEndMillis())
                    .append(',')
                    .append(a.inJobMillis() == null ? "" : a.inJobMillis().toString())
                    .append(',')
                    .append(a.eventTimeMillis() >= windowStart && a.eventTimeMillis() < windowEnd)
                    .append('\n');
        }
        Files.writeString(file, csv);
    }

    /** Fails when the job ended or the reader stopped. */
    private static void check(JobClient client, PredictionReader reader) throws Exception {
        CompletableFuture<?> result = client.getJobExecutionResult();
        if (result.isDone()) {
            try {
                result.get();
            } catch (ExecutionException e) {
                throw new IOException("the online job failed: " + rootMessage(e), e);
            }
            throw new IOException("the online job ended before the measurement did");
        }
        if (reader.failure() != null) {
            throw new IOException(
                    "reading the predictions failed: " + rootMessage(reader.failure()),
                    reader.failure());
        }
    }

    private static void checkSending(CompletableFuture<ExampleProducer.Summary> sending)
            throws IOException, InterruptedException {
        if (sending.isDone()) {
            try {
                sending.get();
            } catch (ExecutionException e) {
                throw new IOException("sending the examples failed: " + rootMessage(e), e);
            }
            throw new IOException(
                    "the producer sent all its examples before the measurement ended");
        }
    }

    private static void cancel(JobClient client) throws InterruptedException {
        try {
            client.cancel().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // it ended already, or will
        }
        try {
            client.getJobExecutionResult().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // cancelled
        }
    }

    private record Sent(String id, long timestamp, boolean labelled) {}

    /** Every record of the examples topic: id, timestamp, and whether it carries a label. */
    private static List<Sent> readExamples(String bootstrap, String topic, JobConfig config) {
        ExampleCodec codec = new ExampleCodec(config.network().input(), config.network().classes());
        List<Sent> sent = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "photonflow-benchmark-examples",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                2000),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), CLIENT_TIMEOUT).get(partition);
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (consumer.position(partition, CLIENT_TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "reading back topic " + topic + " took longer than " + CLIENT_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (codec.decode(record.value(), topic)
                            instanceof ExampleCodec.Accepted accepted) {
                        Example example = accepted.example();
                        sent.add(
                                new Sent(
                                        example.getId().toString(),
                                        record.timestamp(),
                                        example.getLabel() != null));
                    }
                }
            }
        }
        return sent;
    }

    // -----------------------------------------------------------------------------------------
    // Kafka and files

    /** The online keys of a run on the topics of {@code prefix}, then {@code extra}. */
    private static String[] topics(
            String prefix,
            String bootstrap,
            OnlineSpec.Delivery delivery,
            boolean bounded,
            Path out,
            String... extra) {
        List<String> keys =
                new ArrayList<>(
                        List.of(
                                "online.bootstrap-servers=" + bootstrap,
                                "online.examples-topic=" + prefix + "-examples",
                                "online.predictions-topic=" + prefix + "-predictions",
                                "online.models-topic=" + prefix + "-models",
                                "online.dead-letters-topic=" + prefix + "-dead-letters",
                                "online.group-id=" + prefix,
                                "online.delivery=" + delivery(delivery),
                                "online.bounded=" + bounded,
                                "checkpointing.directory=" + out.resolve("checkpoints")));
        keys.addAll(List.of(extra));
        return keys.toArray(String[]::new);
    }

    private static void createTopics(String bootstrap, String prefix) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "photonflow-benchmark-admin");
        properties.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(properties)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String suffix : List.of("-examples", "-predictions", "-models", "-dead-letters")) {
                topics.add(new NewTopic(prefix + suffix, 1, (short) 1));
            }
            try {
                admin.createTopics(topics).all().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException(
                        "cannot create the benchmark's topics at "
                                + bootstrap
                                + ": "
                                + rootMessage(e),
                        e);
            }
        }
    }

    /**
     * A local environment for {@code config}, without restarts: a failure fails the benchmark at
     * once instead of hiding in its figures.
     */
    private static StreamExecutionEnvironment environment(JobConfig config) throws IOException {
        StreamExecutionEnvironment env = TrainingEnvironment.local(config).env();
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(noRestarts);
        return env;
    }

    /** The kebab-case name of a delivery mode, as the configuration spells it. */
    static String delivery(OnlineSpec.Delivery delivery) {
        return delivery.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    /** {@code directory}, emptied. */
    private static Path fresh(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    /**
     * The project root (where docker/kafka/kafka.sh is): upwards from the classes' location
     * (jobs/target/classes), then from the working directory.
     */
    static Path projectRoot() throws IOException {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(
                    Path.of(
                            OnlineBenchmark.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // the working directory below
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("docker/kafka/kafka.sh"))) {
                    return d;
                }
            }
        }
        throw new IOException(
                "docker/kafka/kafka.sh not found above "
                        + starts.get(0)
                        + "; give --bootstrap-servers of a running broker");
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
