package io.herald.schema;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole suppression list of {@value Topics#SUPPRESSIONS} in memory, as a compact {@link SuppressionSet} of its
 * live keys ({@link SuppressionKeys}), kept current by one thread. The dispatchers read it to suppress; the ingest
 * service reads it to count each client's entries against its cap.
 *
 * <p>The thread's consumer has no group: it assigns every partition of the topic, seeks to the beginning and polls
 * continuously with a {@value #POLL_MS} ms timeout. A record with a value adds its key's entry; a tombstone
 * (null value) removes it. Values are not parsed: whatever a key's last record holds, a value suppresses. A write to
 * the topic is therefore seen here about one fetch round-trip plus at most {@value #POLL_MS} ms after Kafka
 * acknowledged it: well under a second on a healthy cluster, and so within the 5 s Herald promises for a suppression
 * added while a batch runs.
 *
 * <p>The list is <i>loaded</i> once the consumer's position reached, on every partition, the end offset it read when it
 * was assigned ({@link #awaitLoaded}); the dispatcher does not dispatch before that. A key that
 * {@link SuppressionKeys#parse} cannot read is logged (partition and offset, never the content) and skipped: no
 * recipient can be told from it.
 *
 * <p>Lookups ({@link #entries()}) are reads from any thread; only the list's thread touches the consumer.
 */
public final class SuppressionList implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SuppressionList.class);

    /** Poll timeout of the list's consumer, in ms. */
    public static final long POLL_MS = 200;
    private static final Duration POLL = Duration.ofMillis(POLL_MS);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final long ERROR_BACKOFF_MS = 1000;

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final SuppressionSet entries = new SuppressionSet();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private Map<TopicPartition, Long> loadEnds;
    private volatile boolean running = true;

    /**
     * @param consumer a consumer of byte arrays without a group; used only by the list's thread, closed when
     *     {@link #run()} ends
     * @param topic the topic: {@value Topics#SUPPRESSIONS}
     */
    public SuppressionList(Consumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /**
     * @param recipient a recipient as {@value Topics#REQUESTS} keys it, or null
     * @return whether any entry (shared, or of any client) suppresses it
     */
    public boolean isSuppressed(String recipient) {
        return entries.containsAny(recipient);
    }

    /** @return the live entries, read from any thread */
    public SuppressionSet entries() {
        return entries;
    }

    /** @return the number of entries on the list, of every owner */
    public int size() {
        return entries.size();
    }

    /** @return whether the list was read to the end offsets it had when it was assigned */
    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** @return LOADING or LOADED, for {@code /stats} */
    public String state() {
        return isLoaded() ? "LOADED" : "LOADING";
    }

    /**
     * Waits until the list is loaded.
     *
     * @param timeoutMs the longest wait, in ms
     * @return true if loaded, false if {@code timeoutMs} passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitLoaded(long timeoutMs) throws InterruptedException {
        return loaded.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Polls until {@link #stop()}, then closes the consumer. Kafka errors are logged and retried after 1 s. */
    @Override
    public void run() {
        try {
            while (running) {
                try {
                    if (loadEnds == null) {
                        assignAll();
                    }
                    pollOnce();
                } catch (WakeupException e) {
                    // stop() woke the consumer; the loop condition ends it
                } catch (KafkaException | IllegalStateException e) {
                    LOG.warn("Suppression list: reading {} failed, retrying in {} ms: {}", topic, ERROR_BACKOFF_MS,
                            e.toString());
                    sleepBackoff();
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                LOG.debug("Suppression list consumer did not close cleanly: {}", e.toString());
            }
        }
    }

    /** Ends {@link #run()} (from any thread). */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /**
     * Assigns every partition of the topic, seeks to the beginning and notes the end offsets the
     * load must reach.
     *
     * @throws IllegalStateException if the topic does not exist (yet)
     * @throws KafkaException if the metadata or the offsets cannot be read
     */
    void assignAll() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " not found");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.loadEnds = new HashMap<>(consumer.endOffsets(partitions, METADATA_TIMEOUT));
        LOG.info("Suppression list: reading {} partitions of {} from the beginning", partitions.size(), topic);
        checkLoaded();
    }

    /** One poll: applies the records and checks whether the load is complete. */
    void pollOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            apply(record);
        }
        checkLoaded();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        Optional<SuppressionKeys.Key> key = record.key() == null ? Optional.empty()
                : SuppressionKeys.parse(new String(record.key(), StandardCharsets.UTF_8));
        if (key.isEmpty()) {
            LOG.warn("Suppression list: record without a valid key at partition={} offset={} skipped",
                    record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            entries.remove(key.get().clientId(), key.get().recipient());
        } else {
            entries.add(key.get().clientId(), key.get().recipient());
        }
    }

    private void checkLoaded() {
        if (isLoaded() || loadEnds == null) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> end : loadEnds.entrySet()) {
            if (consumer.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return;
            }
        }
        loaded.countDown();
        LOG.info("Suppression list loaded: {} entries", entries.size());
    }

    private void sleepBackoff() {
        try {
            Thread.sleep(ERROR_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
