package io.herald.schema;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every batch's control state ({@link BatchControl}) of {@value Topics#BATCH_CONTROL} in memory, kept current by one
 * thread through a {@link CompactedTopicReader} (no consumer group; read whole from the beginning; Kafka errors
 * retried with a backoff of 1 s doubling to 30 s). Lookups are reads from any thread.
 *
 * <p>A control written to the topic is seen here about one fetch round-trip plus at most {@value #POLL_MS} ms after
 * Kafka acknowledged it, which is what bounds how long after a pause's answer a dispatcher may still start a message
 * of the batch. A dispatcher sends nothing before the view is {@link #awaitLoaded loaded}, so a new or restarted pod
 * knows every pause and cancel before its first message.
 *
 * <p>A record that cannot be read (no key, not a {@link BatchControl}) is logged with its partition and offset and
 * skipped; a tombstone forgets the batch (it runs).
 */
public final class BatchControls {

    private static final Logger LOG = LoggerFactory.getLogger(BatchControls.class);

    /** Poll timeout of the view's consumer, in ms. */
    public static final long POLL_MS = 100;

    private final Map<String, BatchControl> controls = new ConcurrentHashMap<>();
    private final CompactedTopicReader<byte[], byte[]> reader;

    /**
     * @param consumer a consumer of byte arrays without a group; used only by the view's thread, closed when
     *     {@link #stop()} has ended its reading
     * @param topic the topic: {@value Topics#BATCH_CONTROL}
     */
    public BatchControls(Consumer<byte[], byte[]> consumer, String topic) {
        this.reader = new CompactedTopicReader<>(consumer, topic, "batch-control", Duration.ofMillis(POLL_MS),
                this::apply, () -> { });
    }

    /**
     * @param batchId a batch id, or null
     * @return the batch's control, or null if it has none (it runs)
     */
    public BatchControl control(String batchId) {
        return batchId == null ? null : controls.get(batchId);
    }

    /**
     * @param batchId a batch id, or null
     * @return the batch's state: {@link BatchControl.State#RUNNING} without a control
     */
    public BatchControl.State state(String batchId) {
        return BatchControl.stateOf(control(batchId));
    }

    /** @return batches with a control */
    public int size() {
        return controls.size();
    }

    /** @return the reader: whether it is loaded or failed, and read-your-writes for a writer */
    public CompactedTopicReader<byte[], byte[]> reader() {
        return reader;
    }

    /**
     * Waits until the view is loaded.
     *
     * @param timeoutMs the longest wait, in ms
     * @return true if loaded, false if {@code timeoutMs} passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitLoaded(long timeoutMs) throws InterruptedException {
        return reader.awaitLoaded(timeoutMs);
    }

    /**
     * Starts reading the topic on a daemon thread of its own ({@link CompactedTopicReader#start()}) until
     * {@link #stop()}; returns at once.
     */
    public void start() {
        reader.start();
    }

    /** Ends the reading and closes the consumer (from any thread; waits up to 10 s for the thread). */
    public void stop() {
        try {
            reader.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applies one record; package-private for tests. */
    void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Batch control: record without a key at partition={} offset={} skipped", record.partition(),
                    record.offset());
            return;
        }
        String batchId = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            controls.remove(batchId);
            return;
        }
        BatchControl control;
        try {
            control = BatchControl.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("Batch control: unreadable record at partition={} offset={} skipped: {}", record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        controls.put(batchId, control);
        if (reader.isLoaded()) { // not one line per batch ever controlled at start-up
            LOG.info("Batch {} is now {} (client {})", batchId, control.state(), control.clientId());
        } else {
            LOG.debug("Batch {} is {} (client {})", batchId, control.state(), control.clientId());
        }
    }
}
