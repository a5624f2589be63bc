package io.photonflow.jobs.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apache Kafka broker for tests: one KRaft node (broker and controller) in a JVM of its own,
 * on free ports of 127.0.0.1, with its data and logs in a fresh temporary folder. It runs exactly
 * what {@code docker/kafka/kafka.sh} runs (the script's {@code run} command writes the same
 * server.properties, formats the storage, then execs the broker JVM from
 * docker/kafka-broker/target/classpath.txt), so the tests and the script cannot drift apart;
 * because the script execs, the child process of this JVM is the broker itself, and {@link
 * #close()} stops it directly: SIGTERM, then SIGKILL after 30 s.
 *
 * <p>As a JUnit 5 extension, on a static field, one broker serves all tests of a class (it starts
 * in about 5-10 s and takes about 250-400 MiB):
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();
 *
 * @Test
 * void roundTrip() throws Exception {
 *     BROKER.createTopic("examples", 2);
 *     try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
 *         producer.send(new ProducerRecord<>("examples", "x".getBytes())).get();
 *     }
 *     assertThat(BROKER.readAll("examples")).hasSize(1);
 * }
 * }</pre>
 *
 * Outside JUnit, {@link #start()} and {@link #close()} (try-with-resources). A JVM shutdown hook
 * stops a broker that was not closed.
 */
public final class KafkaBroker
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private Path dir;
    private boolean ownsDir;
    private Process process;
    private int port;
    private Admin admin;
    private Thread shutdownHook;
    private String startedBy;
    private Duration startupTime;

    /** A broker that starts before the first test of the class it is registered in. */
    public KafkaBroker() {}

    /** Starts a broker in a fresh temporary folder. */
    public static KafkaBroker start() throws IOException {
        KafkaBroker broker = new KafkaBroker();
        broker.startBroker(null);
        return broker;
    }

    /**
     * Starts a broker with its data and logs in {@code dir} (kept after {@link #close()}; a broker
     * started there before resumes with its topics).
     */
    public static KafkaBroker start(Path dir) throws IOException {
        KafkaBroker broker = new KafkaBroker();
        broker.startBroker(dir);
        return broker;
    }

    // -----------------------------------------------------------------------------------------
    // JUnit

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (process == null) {
            startBroker(null);
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(startedBy)) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (process == null) {
            throw new IllegalStateException(
                    "the Kafka broker starts before all tests of a class: register it on a static"
                            + " field (@RegisterExtension static final KafkaBroker BROKER = new"
                            + " KafkaBroker())");
        }
    }

    // -----------------------------------------------------------------------------------------
    // The broker

    /** The address clients connect to: 127.0.0.1:PORT. */
    public String bootstrapServers() {
        requireStarted();
        return "127.0.0.1:" + port;
    }

    /** The broker's folder: data/, log/server.log, log/kafka.out, server.properties. */
    public Path directory() {
        requireStarted();
        return dir;
    }

    /** The broker JVM's process id. */
    public long pid() {
        requireStarted();
        return process.pid();
    }

    /** From starting the script to the broker's first answer. */
    public Duration startupTime() {
        requireStarted();
        return startupTime;
    }

    /** The broker JVM's resident set size now (VmRSS), in bytes. */
    public long residentSetBytes() throws IOException {
        return processStatus("VmRSS");
    }

    /** The broker JVM's largest resident set size so far (VmHWM), in bytes. */
    public long peakResidentSetBytes() throws IOException {
        return processStatus("VmHWM");
    }

    private long processStatus(String field) throws IOException {
        requireStarted();
        Path status = Path.of("/proc/" + process.pid() + "/status");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no " + field + " in " + status);
    }

    /** The last lines of the broker's log and of its standard output, for failure messages. */
    public String logTail(int lines) {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of("log/server.log", "log/kafka.out")) {
            Path file = dir == null ? null : dir.resolve(name);
            if (file == null || !Files.isRegularFile(file)) {
                continue;
            }
            try {
                List<String> all = Files.readAllLines(file);
                tail.append("==> ").append(file).append(" <==\n");
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(line -> tail.append(line).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                tail.append("(").append(file).append(" unreadable: ").append(e).append(")\n");
            }
        }
        return tail.toString();
    }

    // -----------------------------------------------------------------------------------------
    // Clients

    /** An admin client of this broker, shared; {@link #close()} closes it. */
    public synchronized Admin admin() {
        requireStarted();
        if (admin == null) {
            Map<String, Object> properties = clientProperties();
            properties.put(
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    (int) CLIENT_TIMEOUT.toMillis());
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            admin = Admin.create(properties);
        }
        return admin;
    }

    /**
     * Creates a topic of {@code partitions} partitions (replication factor 1) and waits until every
     * partition has its leader.
     */
    public void createTopic(String name, int partitions) throws Exception {
        admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                .all()
                .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        while (true) {
            TopicDescription description = describe(name);
            if (description != null
                    && description.partitions().size() == partitions
                    && description.partitions().stream()
                            .map(TopicPartitionInfo::leader)
                            .allMatch(leader -> leader != null && !leader.isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + name + " has no leaders: " + description);
            }
            Thread.sleep(50);
        }
    }

    /**
     * The topic's description, or null while the broker's metadata does not know it yet (right
     * after its creation a describe may answer that the topic does not exist).
     */
    private TopicDescription describe(String name) throws Exception {
        try {
            return admin().describeTopics(List.of(name))
                    .allTopicNames()
                    .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .get(name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    /** The names of the topics of the broker (internal ones left out). */
    public Set<String> topics() throws Exception {
        return admin()
                .listTopics()
                .names()
                .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .stream()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** bootstrap.servers, for any client. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** A producer of byte[] keys and values, acks=all, idempotent. */
    public KafkaProducer<byte[], byte[]> producer() {
        return producer(Map.of());
    }

    /** A producer of byte[] keys and values, with {@code overrides} of its configuration. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, ?> overrides) {
        Map<String, Object> properties = clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.putAll(overrides);
        return new KafkaProducer<>(
                properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A transactional producer (transactional.id {@code transactionalId}); call {@code
     * initTransactions()} before its first transaction.
     */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        return producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
    }

    /**
     * A consumer of byte[] keys and values that sees committed records only ({@code
     * read_committed}), from the earliest offset, without automatic offset commits; {@code groupId}
     * null for a consumer that is only assigned partitions.
     */
    public KafkaConsumer<byte[], byte[]> consumer(String groupId) {
        return consumer(groupId, Map.of());
    }

    /** {@link #consumer(String)} with {@code overrides} of its configuration. */
    public KafkaConsumer<byte[], byte[]> consumer(String groupId, Map<String, ?> overrides) {
        Map<String, Object> properties = clientProperties();
        if (groupId != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        properties.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.putAll(overrides);
        return new KafkaConsumer<>(
                properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Every committed record of {@code topic}, by partition and offset, once every transaction on
     * it is decided (see {@link #awaitNoOpenTransactions}).
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
        awaitNoOpenTransactions(topic);
        return readUpToNow(topic, IsolationLevel.READ_COMMITTED);
    }

    /**
     * Waits (30 s at most) until the last stable offset of every partition of {@code topic} is its
     * high watermark: every transaction on it committed or aborted, and its markers written. The
     * broker writes them after {@code commitTransaction()} or {@code abortTransaction()} returns,
     * so a read_committed consumer may not see a transaction that was just committed.
     */
    public void awaitNoOpenTransactions(String topic) throws Exception {
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = latestOffsets(topic, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> high = latestOffsets(topic, IsolationLevel.READ_UNCOMMITTED);
            if (stable.equals(high)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "transactions on "
                                + topic
                                + " remain open: last stable offsets "
                                + stable
                                + ", high watermarks "
                                + high);
            }
            Thread.sleep(50);
        }
    }

    private Map<TopicPartition, Long> latestOffsets(String topic, IsolationLevel isolation)
            throws Exception {
        TopicDescription description =
                admin().describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin().listOffsets(request, new ListOffsetsOptions(isolation))
                .all()
                .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /**
     * Every record of {@code topic} that a consumer of {@code isolation} sees now, by partition and
     * offset: read from the beginning up to the end offsets taken first (under read_committed the
     * last stable offsets: an open transaction's records are not waited for).
     */
    public List<ConsumerRecord<byte[], byte[]>> readUpToNow(
            String topic, IsolationLevel isolation) {
        Map<String, Object> overrides =
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(null, overrides)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, CLIENT_TIMEOUT).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CLIENT_TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "reading " + topic + ": end offsets " + end + " not reached");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(
                    Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(
                                    ConsumerRecord::partition)
                            .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey(), CLIENT_TIMEOUT) >= e.getValue());
    }

    // -----------------------------------------------------------------------------------------
    // Starting and stopping

    private synchronized void startBroker(Path requestedDir) throws IOException {
        if (process != null) {
            throw new IllegalStateException("the broker runs already, in " + dir);
        }
        Path root = projectRoot();
        Path classpath = root.resolve("docker/kafka-broker/target/classpath.txt");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException(
                    "no "
                            + classpath
                            + ": build the broker's classpath first (mvn -q -B install"
                            + " -DskipTests, or -pl docker/kafka-broker)");
        }
        ownsDir = requestedDir == null;
        dir =
                ownsDir
                        ? Files.createTempDirectory("kafka-broker-")
                        : Files.createDirectories(requestedDir).toAbsolutePath();
        shutdownHook = new Thread(this::stopProcess, "stop-kafka-broker");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts(2);
            port = ports[0];
            long started = System.nanoTime();
            launch(root, ports[0], ports[1]);
            String failure = awaitReady();
            if (failure == null) {
                startupTime = Duration.ofNanos(System.nanoTime() - started);
                return;
            }
            String tail = logTail(40);
            stopProcess();
            // Another process took a port between freePorts() and the broker's bind: again, on
            // other ports, in a clean folder.
            boolean portTaken =
                    tail.contains("Address already in use") || tail.contains("is in use");
            if (ownsDir && portTaken && attempt < START_ATTEMPTS) {
                deleteRecursively(dir);
                Files.createDirectories(dir);
                continue;
            }
            process = null;
            removeShutdownHook();
            throw new IllegalStateException(
                    "the Kafka broker in " + dir + " did not start: " + failure + "\n" + tail);
        }
    }

    private void launch(Path root, int brokerPort, int controllerPort) throws IOException {
        Path out = dir.resolve("log/kafka.out");
        Files.createDirectories(out.getParent());
        process =
                new ProcessBuilder(
                                "bash",
                                root.resolve("docker/kafka/kafka.sh").toString(),
                                "run",
                                "--dir",
                                dir.toString(),
                                "--port",
                                String.valueOf(brokerPort),
                                "--controller-port",
                                String.valueOf(controllerPort))
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                        .start();
    }

    /** Null once the broker answers with itself in its metadata, else why it does not. */
    private String awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // No client before the listener accepts connections: each attempt would log a warning.
        while (!accepts(port)) {
            if (!process.isAlive()) {
                return "the broker exited (exit code " + process.exitValue() + ")";
            }
            if (System.nanoTime() > deadline) {
                return "no listener on 127.0.0.1:" + port + " within " + START_TIMEOUT;
            }
            sleep(100);
        }
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "the broker exited (exit code " + process.exitValue() + ")";
            }
            try {
                Collection<Node> nodes =
                        admin().describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                                .nodes()
                                .get(10, TimeUnit.SECONDS);
                if (!nodes.isEmpty()) {
                    return null;
                }
                last = "no broker in the cluster's metadata yet";
            } catch (ExecutionException | TimeoutException e) {
                last = String.valueOf(e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            sleep(200);
        }
        return "no answer within " + START_TIMEOUT + " (" + last + ")";
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s) and removes its temporary folder. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        stopProcess();
        process = null;
        removeShutdownHook();
        if (ownsDir) {
            try {
                deleteRecursively(dir);
            } catch (IOException e) {
                System.err.println("KafkaBroker: could not remove " + dir + ": " + e);
            }
        }
    }

    private void stopProcess() {
        Admin client;
        synchronized (this) {
            client = admin;
            admin = null;
        }
        if (client != null) {
            client.close(Duration.ofSeconds(5));
        }
        Process broker = process;
        if (broker == null || !broker.isAlive()) {
            return;
        }
        broker.destroy();
        try {
            if (!broker.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println(
                        "KafkaBroker: pid "
                                + broker.pid()
                                + " still runs "
                                + STOP_TIMEOUT
                                + " after SIGTERM: SIGKILL");
                broker.destroyForcibly();
                broker.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            broker.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("the Kafka broker is not started");
        }
    }

    // -----------------------------------------------------------------------------------------
    // Helpers

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code count} distinct free ports of 127.0.0.1 (held open together while choosing). */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a bound socket that nobody used
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The project root: the first folder upwards from here that holds docker/kafka/kafka.sh. */
    static Path projectRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docker/kafka/kafka.sh"))) {
                return d;
            }
        }
        throw new IllegalStateException(
                "docker/kafka/kafka.sh not found above " + Path.of("").toAbsolutePath());
    }
}
