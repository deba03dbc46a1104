package io.herald.schema;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * <p>Lookups ({@link #entries()}) are reads from any thread; only the list's thread touches the consumer, through a
 * {@link CompactedTopicReader} (Kafka errors are retried with a backoff of 1 s doubling to 30 s).
 */
public final class SuppressionList implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SuppressionList.class);

    /** Poll timeout of the list's consumer, in ms. */
    public static final long POLL_MS = 200;

    private final SuppressionSet entries = new SuppressionSet();
    private final CompactedTopicReader<byte[], byte[]> reader;

    /**
     * @param consumer a consumer of byte arrays without a group; used only by the list's thread, closed when
     *     {@link #run()} ends
     * @param topic the topic: {@value Topics#SUPPRESSIONS}
     */
    public SuppressionList(Consumer<byte[], byte[]> consumer, String topic) {
        this.reader = new CompactedTopicReader<>(consumer, topic, "suppression-list", Duration.ofMillis(POLL_MS),
                this::apply, () -> { });
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
        return reader.isLoaded();
    }

    /** @return LOADING or LOADED, for {@code /stats} */
    public String state() {
        return isLoaded() ? "LOADED" : "LOADING";
    }

    /** @return the reader of the topic, for a health check: whether it failed, what it is doing */
    public CompactedTopicReader<byte[], byte[]> reader() {
        return reader;
    }

    /**
     * Waits until the list is loaded.
     *
     * @param timeoutMs the longest wait, in ms
     * @return true if loaded, false if {@code timeoutMs} passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitLoaded(long timeoutMs) throws InterruptedException {
        return reader.awaitLoaded(timeoutMs);
    }

    /**
     * Reads the topic until {@link #stop()}, then closes the consumer; Kafka errors are logged and retried
     * ({@link CompactedTopicReader#run()}).
     */
    @Override
    public void run() {
        reader.run();
    }

    /** Ends {@link #run()} (from any thread). */
    public void stop() {
        try {
            reader.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Assigns every partition, seeks to the beginning; false if the topic does not exist (yet). */
    boolean assignAll() {
        return reader.assignAll();
    }

    /** One poll: applies the records and checks whether the load is complete. */
    void pollOnce() {
        reader.pollOnce();
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
}
