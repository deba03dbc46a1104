package io.herald.ingest.suppression;

import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.core.PublishException;
import io.herald.ingest.kafka.KafkaFactory;
import io.herald.ingest.kafka.KafkaRequestPublisher;
import io.herald.ingest.kafka.TopicView;
import io.herald.schema.CompactedTopicReader;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.SuppressionKeys;
import io.herald.schema.SuppressionList;
import io.herald.schema.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suppression list over {@value Topics#SUPPRESSIONS}. Writes go to the topic, keyed by owner and recipient
 * ({@link SuppressionKeys}): an entry as JSON ({@link SuppressionEntry#toJson()}), or a tombstone (null value) to
 * remove one; each waits for Kafka's acknowledgement ({@code acks=all}, idempotent producer). Reads answer from a
 * {@link SuppressionList} of the topic's keys that a thread of its own keeps current (a compact set: no reasons, no
 * times), so that each client's entries can be counted against its cap. Thread-safe.
 */
public final class KafkaSuppressionStore implements SuppressionStore, TopicView, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSuppressionStore.class);

    private final Producer<String, byte[]> producer;
    private final SuppressionList list;
    private final Duration ackTimeout;
    private final Duration closeTimeout;

    /**
     * @param producer a producer of string keys and byte-array values with {@code acks=all}; closed on {@link #stop()}
     * @param list the list's reader over {@value Topics#SUPPRESSIONS}, run on a thread of this store from
     *     {@link #start()} to {@link #stop()}
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: a write waits this long plus
     *     {@link KafkaRequestPublisher#ACK_WAIT_MARGIN} for its acknowledgement
     */
    public KafkaSuppressionStore(Producer<String, byte[]> producer, SuppressionList list, Duration deliveryTimeout) {
        this.producer = producer;
        this.list = list;
        this.ackTimeout = deliveryTimeout.plus(KafkaRequestPublisher.ACK_WAIT_MARGIN);
        this.closeTimeout = deliveryTimeout;
    }

    /**
     * The store over {@value Topics#SUPPRESSIONS} with its own clients: a producer {@code <clientId>-suppressions}
     * ({@code acks=all}, idempotence, one record at a time) and a reader {@code <clientId>-suppressions-reader} (no
     * group, no commits, byte-array keys).
     *
     * @param kafka the {@code kafka} configuration block
     * @return a store, not started
     */
    public static KafkaSuppressionStore create(KafkaFactory kafka) {
        Consumer<byte[], byte[]> reader = kafka.buildConsumer("suppressions-reader",
                Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        return new KafkaSuppressionStore(kafka.buildJsonProducer("suppressions", Map.of()),
                new SuppressionList(reader, Topics.SUPPRESSIONS),
                Duration.ofMillis(kafka.getDeliveryTimeout().toMilliseconds()));
    }

    /**
     * {@inheritDoc}
     *
     * @throws PublishException if the send failed at once or was not acknowledged in time
     */
    @Override
    public void add(SuppressionEntry entry) {
        write(SuppressionKeys.key(entry.clientId(), entry.recipient()), entry.toJson(), "add");
    }

    /**
     * {@inheritDoc}
     *
     * @throws PublishException if the send failed at once or was not acknowledged in time
     */
    @Override
    public void remove(String clientId, String recipient) {
        write(SuppressionKeys.key(clientId, recipient), null, "remove");
    }

    @Override
    public int count(String clientId) {
        requireLoaded();
        return list.entries().count(clientId);
    }

    @Override
    public boolean contains(String clientId, String recipient) {
        requireLoaded();
        return list.entries().contains(clientId, recipient);
    }

    private void requireLoaded() {
        if (!list.isLoaded()) {
            throw new SuppressionListUnavailableException("this instance has not read the suppression list yet");
        }
    }

    @Override
    public CompactedTopicReader<?, ?> reader() {
        return list.reader();
    }

    @Override
    public int size() {
        return list.size();
    }

    private void write(String key, byte[] value, String what) {
        try {
            producer.send(new ProducerRecord<>(Topics.SUPPRESSIONS, key, value))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(what, e);
        } catch (ExecutionException e) {
            throw failed(what, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(what, e);
        }
    }

    private PublishException failed(String what, Throwable cause) {
        LOG.warn("Kafka write to {} failed ({}): {}", Topics.SUPPRESSIONS, what, cause.toString());
        return new PublishException("Kafka did not acknowledge the suppression list change (" + what + ")", cause);
    }

    /** Starts the list's reader on a thread of its own; the producer connects on first use. */
    @Override
    public void start() {
        list.reader().start();
    }

    /**
     * Stops the reader (waiting up to 10 s) and closes the producer, waiting up to {@code delivery.timeout.ms} for a
     * write in flight.
     *
     * @throws InterruptedException if interrupted while waiting for the reader
     */
    @Override
    public void stop() throws InterruptedException {
        list.reader().stop();
        producer.close(closeTimeout);
    }
}
