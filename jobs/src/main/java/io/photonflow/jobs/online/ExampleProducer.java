package io.photonflow.jobs.online;

import io.photonflow.avro.Example;
import io.photonflow.data.Dataset;
import io.photonflow.data.ExampleCodec;
import io.photonflow.data.Examples;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays a data set into a Kafka topic for the online job ({@code photonflow produce}): one {@link
 * Example} per record in Avro single-object encoding ({@link ExampleCodec#encode}), keyed by the
 * example's id, stamped with the time it was sent (so that the online job can measure end-to-end
 * latency). Examples go out on a steady schedule at {@link Settings#rate()} per second (example n
 * is due n / rate seconds after the start, so that the offered load is right over time), a seeded
 * fraction of them without their label ({@link #isUnlabelled}), and from {@link
 * Settings#driftAfter()} on with every label mapped through a seeded derangement of the classes
 * ({@link #derangement}): a concept drift that the online job should notice and adapt to.
 *
 * <p>The producer writes with acks=all and idempotence, and flushes before it ends, also when
 * {@link #stop()} ends the replay early (Ctrl-C).
 */
public final class ExampleProducer {

    /** What happens to the labels after {@link Settings#driftAfter()}. */
    public enum Drift {
        /** Labels stay as they are. */
        NONE,
        /** Every label is mapped through a seeded derangement of the classes. */
        PERMUTE_LABELS
    }

    /**
     * How to replay.
     *
     * @param bootstrapServers the Kafka brokers, {@code host:port[,host:port...]}
     * @param topic the topic to write; created when missing
     * @param partitions partitions of the topic when it is created
     * @param rate examples per second; 0 sends as fast as the broker takes them
     * @param limit the most examples to send, over all passes; 0 = all of them
     * @param unlabelled the fraction of examples sent without their label, in [0, 1]
     * @param driftAfter the number of examples sent before the drift begins; negative = never
     * @param drift what the drift does
     * @param seed chooses the unlabelled examples and the derangement
     * @param repeat passes over the data set
     * @param timeout how long to wait for the broker to answer
     * @param progressEvery how often to print progress
     */
    public record Settings(
            String bootstrapServers,
            String topic,
            int partitions,
            double rate,
            long limit,
            double unlabelled,
            long driftAfter,
            Drift drift,
            long seed,
            int repeat,
            Duration timeout,
            Duration progressEvery) {

        public Settings {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("no Kafka bootstrap servers given");
            }
            if (topic == null) {
                throw new IllegalArgumentException("no topic given");
            }
            try {
                Topic.validate(topic);
            } catch (InvalidTopicException e) {
                throw new IllegalArgumentException(
                        "invalid topic name '" + topic + "': " + e.getMessage());
            }
            require(partitions >= 1, "--partitions must be 1 or more, got " + partitions);
            require(
                    Double.isFinite(rate) && rate >= 0,
                    "--rate must be 0 (as fast as possible) or more, got " + rate);
            require(limit >= 0, "--limit must be 0 (all) or more, got " + limit);
            require(
                    unlabelled >= 0 && unlabelled <= 1,
                    "--unlabelled must be a fraction in [0, 1], got " + unlabelled);
            require(drift != null, "no drift given");
            require(repeat >= 1, "--repeat must be 1 or more, got " + repeat);
            require(
                    timeout != null && timeout.toMillis() > 0,
                    "--timeout must be positive, got " + timeout);
            require(
                    progressEvery != null && progressEvery.toMillis() > 0,
                    "progress interval must be positive, got " + progressEvery);
        }

        /** Defaults for {@code topic} at {@code bootstrapServers}: everything once, unpaced. */
        public static Settings of(String bootstrapServers, String topic) {
            return new Settings(
                    bootstrapServers,
                    topic,
                    1,
                    0,
                    0,
                    0,
                    -1,
                    Drift.NONE,
                    1,
                    1,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10));
        }

        /** Whether labels drift at some point. */
        public boolean drifts() {
            return drift == Drift.PERMUTE_LABELS && driftAfter >= 0;
        }

        private static void require(boolean condition, String problem) {
            if (!condition) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    /**
     * What a replay did.
     *
     * @param sent examples the broker acknowledged
     * @param labelled those sent with a label
     * @param unlabelled those sent without
     * @param seconds from the first send to the end of the final flush
     * @param offsets the first and last offset written to each partition, by partition
     * @param stopped whether {@link #stop()} ended the replay before its end
     */
    public record Summary(
            long sent,
            long labelled,
            long unlabelled,
            double seconds,
            Map<Integer, long[]> offsets,
            boolean stopped) {

        /** Examples per second achieved. */
        public double rate() {
            return seconds > 0 ? sent / seconds : 0;
        }

        /** The summary line: counts, time, rate achieved and asked, offsets. */
        public String oneLine(Settings settings) {
            String offsetText;
            if (offsets.isEmpty()) {
                offsetText = "no offsets";
            } else if (offsets.size() == 1 && offsets.containsKey(0)) {
                long[] range = offsets.get(0);
                offsetText = "offsets " + range[0] + ".." + range[1];
            } else {
                StringJoiner ranges = new StringJoiner(", ", "offsets ", "");
                offsets.forEach((p, r) -> ranges.add(p + ":" + r[0] + ".." + r[1]));
                offsetText = ranges.toString();
            }
            return String.format(
                    Locale.ROOT,
                    "produce: %ssent %d examples to %s (%d labelled, %d unlabelled) in %.2f s:"
                            + " %.1f examples/s (asked %s); %s",
                    stopped ? "stopped early: " : "",
                    sent,
                    settings.topic(),
                    labelled,
                    unlabelled,
                    seconds,
                    rate(),
                    settings.rate() > 0 ? formatRate(settings.rate()) + "/s" : "unpaced",
                    offsetText);
        }
    }

    /** A failure to reach the broker or to write to it, with a one-line message. */
    public static final class ProduceException extends Exception {
        private static final long serialVersionUID = 1L;

        public ProduceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Settings settings;
    private final PrintStream out;
    private volatile boolean stopRequested;
    private boolean connected;

    public ExampleProducer(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Ends a running {@link #run} after the example in flight; it flushes what it sent. */
    public void stop() {
        stopRequested = true;
    }

    // -----------------------------------------------------------------------------------------
    // The pure parts

    /**
     * Whether example {@code n} (0-based, in sending order) goes without its label: a SplitMix64
     * hash of {@code seed} and {@code n}, read as a uniform number in [0, 1), below {@code
     * fraction}. The same seed gives the same choice on every run, rate and limit alike.
     */
    public static boolean isUnlabelled(long seed, double fraction, long n) {
        if (fraction <= 0) {
            return false;
        }
        if (fraction >= 1) {
            return true;
        }
        long z = seed + (n + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }

    /**
     * A random permutation of {@code 0 .. classes-1} that moves every class (a derangement):
     * Fisher-Yates shuffles with {@link Random} of {@code seed}, whose sequence Java specifies,
     * until one has no fixed point (about e tries).
     */
    public static int[] derangement(int classes, long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException(
                    "a label drift needs 2 classes or more, the network has " + classes);
        }
        Random random = new Random(seed);
        int[] permutation = new int[classes];
        while (true) {
            for (int i = 0; i < classes; i++) {
                permutation[i] = i;
            }
            for (int i = classes - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = swap;
            }
            boolean moved = true;
            for (int i = 0; i < classes && moved; i++) {
                moved = permutation[i] != i;
            }
            if (moved) {
                return permutation;
            }
        }
    }

    /** When example {@code n} is due: {@code n / rate} seconds after {@code startNanos}. */
    public static long dueNanos(long startNanos, double rate, long n) {
        return rate <= 0 ? startNanos : startNanos + (long) (n * 1e9 / rate);
    }

    /**
     * The label example {@code n} is sent with: none when it is chosen to go unlabelled, its own
     * before the drift, its image under {@code permutation} (null: no drift) from {@code
     * driftAfter} on.
     */
    public static Integer label(Settings settings, int[] permutation, long n, int label) {
        if (isUnlabelled(settings.seed(), settings.unlabelled(), n)) {
            return null;
        }
        if (permutation != null && settings.drifts() && n >= settings.driftAfter()) {
            return permutation[label];
        }
        return label;
    }

    /** The id of a record: the example's, with the pass (1-based) when there is more than one. */
    public static String id(String exampleId, int pass, int repeat) {
        return repeat > 1 ? exampleId + "/" + pass : exampleId;
    }

    /** How many examples a replay of {@code examples} sends. */
    public static long total(Settings settings, int examples) {
        long all = (long) examples * settings.repeat();
        return settings.limit() > 0 ? Math.min(settings.limit(), all) : all;
    }

    /** The permutation as the command prints it: {@code 0->3 1->0 ...}. */
    public static String describe(int[] permutation) {
        StringJoiner pairs = new StringJoiner(" ");
        for (int i = 0; i < permutation.length; i++) {
            pairs.add(i + "->" + permutation[i]);
        }
        return pairs.toString();
    }

    // -----------------------------------------------------------------------------------------
    // Sending

    /**
     * Sends {@code data} for {@code classes} classes (the network's, for the drift); prints the
     * drift, progress and nothing else; returns what it sent.
     */
    public Summary run(ReplayData data, int classes) throws ProduceException {
        Dataset dataset = data.dataset();
        long total = total(settings, dataset.size());
        int[] permutation = settings.drifts() ? derangement(classes, settings.seed()) : null;
        if (permutation != null) {
            out.printf(
                    "produce: labels drift after %d examples, mapped %s%n",
                    settings.driftAfter(), describe(permutation));
        }
        connect();

        ExampleCodec codec = new ExampleCodec(dataset.featureCount(), classes);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong acknowledgedLabelled = new AtomicLong();
        Map<Integer, long[]> offsets = new TreeMap<>();
        long labelled = 0;
        long unlabelled = 0;
        long sent = 0;
        boolean stopped = false;
        int[] row = new int[1];

        long start = System.nanoTime();
        long nextProgress = start + settings.progressEvery().toNanos();
        long lastProgressCount = 0;
        long lastProgressTime = start;
        KafkaProducer<String, byte[]> producer = producer();
        try {
            for (long n = 0; n < total; n++) {
                if (!pace(start, n)) {
                    stopped = true;
                    break;
                }
                if (failure.get() != null) {
                    break;
                }
                int index = (int) (n % dataset.size());
                int pass = (int) (n / dataset.size()) + 1;
                row[0] = index;
                Integer label = label(settings, permutation, n, dataset.label(index));
                String id = id(data.ids().get(index), pass, settings.repeat());
                Example example =
                        label == null
                                ? Examples.unlabelled(id, dataset.rows(row))
                                : Examples.toExample(id, dataset.rows(row), label);
                boolean hasLabel = label != null;
                if (permutation != null && n == settings.driftAfter()) {
                    out.printf("produce: labels drift from example %d on%n", n);
                }
                producer.send(
                        new ProducerRecord<>(
                                settings.topic(),
                                null,
                                System.currentTimeMillis(),
                                id,
                                codec.encode(example)),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failure.compareAndSet(null, exception);
                                return;
                            }
                            acknowledged.incrementAndGet();
                            if (hasLabel) {
                                acknowledgedLabelled.incrementAndGet();
                            }
                            synchronized (offsets) {
                                offsets.merge(
                                        metadata.partition(),
                                        new long[] {metadata.offset(), metadata.offset()},
                                        (a, b) ->
                                                new long[] {
                                                    Math.min(a[0], b[0]), Math.max(a[1], b[1])
                                                });
                            }
                        });
                sent++;
                if (hasLabel) {
                    labelled++;
                } else {
                    unlabelled++;
                }
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    out.printf(
                            Locale.ROOT,
                            "produce: %d examples sent (%d labelled, %d unlabelled) in %.0f s,"
                                    + " %.1f examples/s over the last %.0f s%n",
                            sent,
                            labelled,
                            unlabelled,
                            (now - start) / 1e9,
                            (sent - lastProgressCount) * 1e9 / (now - lastProgressTime),
                            (now - lastProgressTime) / 1e9);
                    lastProgressCount = sent;
                    lastProgressTime = now;
                    nextProgress = now + settings.progressEvery().toNanos();
                }
            }
            producer.flush();
        } catch (InterruptException e) {
            // The thread was interrupted (Ctrl-C): flush below what was sent.
            Thread.interrupted();
            stopped = true;
            producer.flush();
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        } finally {
            producer.close(settings.timeout());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Exception failed = failure.get();
        if (failed != null) {
            throw new ProduceException(
                    "writing to topic "
                            + settings.topic()
                            + " at "
                            + settings.bootstrapServers()
                            + " failed after "
                            + acknowledged.get()
                            + " acknowledged examples: "
                            + oneLine(failed),
                    failed);
        }
        Map<Integer, long[]> copy;
        synchronized (offsets) {
            copy = new TreeMap<>(offsets);
        }
        long acked = acknowledged.get();
        long ackedLabelled = acknowledgedLabelled.get();
        return new Summary(acked, ackedLabelled, acked - ackedLabelled, seconds, copy, stopped);
    }

    /**
     * Checks that the broker answers and creates the topic when it is missing; {@link #run} does it
     * when it was not done before. Fails with a one-line message naming the address.
     */
    public void connect() throws ProduceException {
        if (!connected) {
            awaitBroker();
            ensureTopic();
            connected = true;
        }
    }

    /** Waits until example {@code n} is due; false when a stop was asked for meanwhile. */
    private boolean pace(long start, long n) {
        if (stopRequested) {
            return false;
        }
        long due = dueNanos(start, settings.rate(), n);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
            if (stopRequested) {
                return false;
            }
        }
        return true;
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "photonflow-produce");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Paced records wait at most 2 ms for company (their timestamps measure latency, so the
        // wait counts): a request per record cost the broker a third of a core at 1,500 records/s.
        // Unpaced ones batch.
        properties.put(ProducerConfig.LINGER_MS_CONFIG, settings.rate() > 0 ? 2 : 5);
        properties.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                (int) Math.max(settings.timeout().toMillis(), 60_000));
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Fails with a one-line message when no bootstrap server accepts a TCP connection within the
     * timeout (before any Kafka client, whose reconnection warnings would bury the message), or
     * when the cluster does not answer.
     */
    private void awaitBroker() throws ProduceException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<InetSocketAddress> addresses = addresses(settings.bootstrapServers());
        while (addresses.stream().noneMatch(ExampleProducer::accepts)) {
            if (System.nanoTime() > deadline) {
                throw new ProduceException(
                        "no Kafka broker at "
                                + settings.bootstrapServers()
                                + " accepted a connection within "
                                + seconds(settings.timeout())
                                + " (start one with docker/kafka/kafka.sh start, or give"
                                + " --bootstrap-servers)",
                        null);
            }
            if (stopRequested) {
                throw new ProduceException("stopped while waiting for the broker", null);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** Creates the topic when it does not exist, with {@link Settings#partitions()}. */
    private void ensureTopic() throws ProduceException {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "photonflow-produce-admin");
        int millis = (int) settings.timeout().toMillis();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        String topic = settings.topic();
        try (Admin admin = Admin.create(properties)) {
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                        .nodes()
                        .get(millis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new ProduceException(
                        "the Kafka broker at "
                                + settings.bootstrapServers()
                                + " did not answer within "
                                + seconds(settings.timeout())
                                + ": "
                                + oneLine(e),
                        e);
            }
            Optional<TopicDescription> existing = describe(admin, topic, millis);
            if (existing.isPresent()) {
                out.printf(
                        "produce: topic %s exists (%s)%n",
                        topic, partitions(existing.get().partitions().size()));
                return;
            }
            try {
                admin.createTopics(
                                List.of(
                                        new NewTopic(
                                                topic,
                                                Optional.of(settings.partitions()),
                                                Optional.empty())))
                        .all()
                        .get(millis, TimeUnit.MILLISECONDS);
                out.printf(
                        "produce: created topic %s (%s)%n",
                        topic, partitions(settings.partitions()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return;
                }
                if (e.getCause() instanceof InvalidTopicException) {
                    throw new IllegalArgumentException(
                            "invalid topic name '" + topic + "': " + e.getCause().getMessage());
                }
                throw new ProduceException(
                        "cannot create topic " + topic + ": " + oneLine(e.getCause()), e);
            } catch (TimeoutException e) {
                throw new ProduceException(
                        "creating topic "
                                + topic
                                + " did not finish within "
                                + seconds(settings.timeout()),
                        e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProduceException("interrupted while creating topic " + topic, e);
        }
    }

    private Optional<TopicDescription> describe(Admin admin, String topic, int millis)
            throws ProduceException, InterruptedException {
        try {
            return Optional.of(
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(millis, TimeUnit.MILLISECONDS)
                            .get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            if (e.getCause() instanceof InvalidTopicException) {
                throw new IllegalArgumentException(
                        "invalid topic name '" + topic + "': " + e.getCause().getMessage());
            }
            throw new ProduceException("cannot describe topic " + topic + ": " + oneLine(e), e);
        } catch (TimeoutException e) {
            throw new ProduceException(
                    "describing topic "
                            + topic
                            + " did not finish within "
                            + seconds(settings.timeout()),
                    e);
        }
    }

    /** {@code host:port} pairs of a bootstrap list; IPv6 hosts in brackets. */
    static List<InetSocketAddress> addresses(String bootstrapServers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            String trimmed = server.strip();
            int colon = trimmed.lastIndexOf(':');
            if (trimmed.isEmpty() || colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException(
                        "bootstrap server '" + trimmed + "' is not host:port");
            }
            String host = trimmed.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(trimmed.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bootstrap server '" + trimmed + "' has no port number");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException(
                        "bootstrap server '" + trimmed + "': port out of range");
            }
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        return addresses;
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 1000);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String oneLine(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String partitions(int count) {
        return count == 1 ? "1 partition" : count + " partitions";
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0
                ? millis / 1000 + " s"
                : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String formatRate(double rate) {
        return rate == Math.rint(rate)
                ? Long.toString((long) rate)
                : String.format(Locale.ROOT, "%.3g", rate);
    }
}
