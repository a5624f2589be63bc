package io.photonflow.jobs.bench;

import io.photonflow.avro.Prediction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a predictions topic in a thread of its own, the way an application would, and notes when
 * each prediction became readable: the wall-clock time the consumer's poll returned it. The
 * consumer reads committed records only (an exactly-once job's predictions become readable when
 * their transaction commits; an at-least-once job writes without transactions, so every record it
 * wrote is readable at once), from the beginning of every partition of the topic, and waits at most
 * {@value #FETCH_MAX_WAIT_MILLIS} ms for a fetch to fill, so that the broker's wait hides no
 * readable prediction for long.
 */
final class PredictionReader implements AutoCloseable {

    /** One prediction as read. */
    record Arrival(String id, long eventTimeMillis, long arrivalMillis, Long inJobMillis) {

        /** From the example's timestamp to the time the prediction was readable. */
        long endToEndMillis() {
            return arrivalMillis - eventTimeMillis;
        }
    }

    static final int FETCH_MAX_WAIT_MILLIS = 10;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile long latestEventTime = Long.MIN_VALUE;

    PredictionReader(String bootstrapServers, String topic, int partitions) {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "photonflow-benchmark-predictions",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                                FETCH_MAX_WAIT_MILLIS,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        thread = new Thread(this::poll, "photonflow-benchmark-predictions");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void poll() {
        BinaryMessageDecoder<Prediction> decoder = Prediction.getDecoder();
        try {
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                if (records.isEmpty()) {
                    continue;
                }
                List<Arrival> batch = new ArrayList<>(records.count());
                long latest = latestEventTime;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Prediction prediction = decoder.decode(ByteBuffer.wrap(record.value()));
                    batch.add(
                            new Arrival(
                                    prediction.getId().toString(),
                                    prediction.getEventTimeMillis(),
                                    now,
                                    prediction.getLatencyMillis()));
                    latest = Math.max(latest, prediction.getEventTimeMillis());
                }
                synchronized (arrivals) {
                    arrivals.addAll(batch);
                }
                latestEventTime = latest;
            }
        } catch (WakeupException stopped) {
            // close() woke the poll
        } catch (IOException | RuntimeException e) {
            failure.set(e);
        }
    }

    /** The predictions read so far. */
    List<Arrival> arrivals() {
        synchronized (arrivals) {
            return new ArrayList<>(arrivals);
        }
    }

    int count() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    /** The latest event time of a prediction read, Long.MIN_VALUE before the first. */
    long latestEventTime() {
        return latestEventTime;
    }

    /** Why the reader stopped early, or null. */
    Exception failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
