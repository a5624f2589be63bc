package io.photonflow.jobs.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Kafka broker (docker/kafka/kafka.sh's configuration, started by {@link KafkaBroker}):
 * records go through it and back, consumer groups commit offsets (the offsets topic has one
 * replica), a read_committed consumer sees committed transactions only, and a transactional
 * producer may ask for the 1-hour transaction timeout that Flink's KafkaSink asks for.
 */
class KafkaBrokerITCase {

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    private static final long ONE_HOUR_MS = TimeUnit.HOURS.toMillis(1);

    @BeforeAll
    static void report() throws Exception {
        System.out.printf(
                "Kafka broker pid %d on %s: started in %d ms, RSS %d MiB%n",
                BROKER.pid(),
                BROKER.bootstrapServers(),
                BROKER.startupTime().toMillis(),
                BROKER.residentSetBytes() >> 20);
    }

    @AfterAll
    static void reportMemory() throws Exception {
        System.out.printf(
                "Kafka broker pid %d after the tests: RSS %d MiB, peak %d MiB%n",
                BROKER.pid(), BROKER.residentSetBytes() >> 20, BROKER.peakResidentSetBytes() >> 20);
    }

    @Test
    void brokerRunsWithTheScriptsSettings() throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Config config =
                BROKER.admin()
                        .describeConfigs(List.of(broker))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(broker);
        assertThat(value(config, "transaction.max.timeout.ms")).isEqualTo("3600000");
        assertThat(value(config, "offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(value(config, "transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(value(config, "transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(value(config, "default.replication.factor")).isEqualTo("1");
        assertThat(value(config, "log.cleaner.dedupe.buffer.size")).isEqualTo("4194304");
        assertThat(value(config, "listeners"))
                .isEqualTo(
                        "PLAINTEXT://"
                                + BROKER.bootstrapServers()
                                + ",CONTROLLER://127.0.0.1:"
                                + value(config, "controller.quorum.voters")
                                        .replaceFirst(".*:", ""));
        assertThat(value(config, "log.dirs")).startsWith(BROKER.directory().toString());
        // The configuration dump is left out of the log.
        assertThat(BROKER.directory().resolve("log/server.log"))
                .content()
                .contains("Kafka Server started")
                .doesNotContain("KafkaConfig values:");
    }

    @Test
    void recordsGoThroughTheBrokerAndBack() throws Exception {
        String topic = "round-trip";
        BROKER.createTopic(topic, 3);
        assertThat(BROKER.topics()).contains(topic);
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(topic, bytes("key-" + i % 7), bytes("" + i)));
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> records = BROKER.readAll(topic);
        assertThat(records).hasSize(300);
        assertThat(records.stream().map(r -> text(r.value())).map(Integer::valueOf))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).boxed().toList());
        assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(3);
        // Per key, in the order sent: a key stays on its partition.
        for (int key = 0; key < 7; key++) {
            String name = "key-" + key;
            List<Integer> values =
                    records.stream()
                            .filter(r -> text(r.key()).equals(name))
                            .map(r -> Integer.valueOf(text(r.value())))
                            .toList();
            assertThat(values).isSorted().hasSize((300 - key + 6) / 7);
        }
    }

    @Test
    void consumerGroupsCommitOffsets() throws Exception {
        String topic = "group";
        BROKER.createTopic(topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = BROKER.producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, bytes("" + i)));
            }
            producer.flush();
        }
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = BROKER.consumer("group-test")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < 20 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(text(r.value())));
            }
            consumer.commitSync(Duration.ofSeconds(30));
        }
        assertThat(seen).hasSize(20);
        Map<TopicPartition, OffsetAndMetadata> committed =
                BROKER.admin()
                        .listConsumerGroupOffsets("group-test")
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                .isEqualTo(20);
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnly() throws Exception {
        String topic = "transactions";
        BROKER.createTopic(topic, 2);
        try (KafkaProducer<byte[], byte[]> producer =
                BROKER.transactionalProducer("transactions-test")) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "committed-a-", 5);
            producer.commitTransaction();

            sendInTransaction(producer, topic, "aborted-", 5);
            producer.flush();
            producer.abortTransaction();

            // An open transaction: written, not visible.
            sendInTransaction(producer, topic, "committed-b-", 3);
            producer.flush();
            assertThat(values(BROKER.readUpToNow(topic, IsolationLevel.READ_COMMITTED)))
                    .hasSize(5)
                    .allMatch(v -> v.startsWith("committed-a-"));
            producer.commitTransaction();
        }
        List<String> committed = values(BROKER.readAll(topic));
        assertThat(committed)
                .hasSize(8)
                .allMatch(v -> v.startsWith("committed-"))
                .containsAll(List.of("committed-a-0", "committed-a-4", "committed-b-2"));
        // The aborted records are in the log: a read_uncommitted consumer sees them.
        List<String> all = values(BROKER.readUpToNow(topic, IsolationLevel.READ_UNCOMMITTED));
        assertThat(all).hasSize(13).contains("aborted-0", "aborted-4");
    }

    @Test
    void aProducerMayAskForTheOneHourTransactionTimeoutOfFlinksKafkaSink() throws Exception {
        String topic = "one-hour";
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer =
                BROKER.producer(
                        Map.of(
                                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                "one-hour-test",
                                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                                (int) ONE_HOUR_MS))) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "hour-", 2);
            producer.commitTransaction();
        }
        assertThat(values(BROKER.readAll(topic))).containsExactly("hour-0", "hour-1");

        // The broker's maximum is exactly one hour: a millisecond more is refused.
        try (KafkaProducer<byte[], byte[]> producer =
                BROKER.producer(
                        Map.of(
                                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                "over-an-hour-test",
                                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                                (int) ONE_HOUR_MS + 1))) {
            // What an exactly-once KafkaSink meets on a broker with the default 15 minutes.
            assertThatThrownBy(producer::initTransactions)
                    .isInstanceOf(KafkaException.class)
                    .hasMessageContaining("transaction.max.timeout.ms");
        }
    }

    private static void sendInTransaction(
            KafkaProducer<byte[], byte[]> producer, String topic, String prefix, int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, bytes(prefix + i)));
        }
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        assertThat(entry).as(name).isNotNull();
        return entry.value();
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> text(r.value())).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
