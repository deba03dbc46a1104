package io.herald.ingest.kafka;

import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.core.PublishException;
import io.herald.ingest.core.SuppressionWriter;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.Topics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes suppression list changes to {@value Topics#SUPPRESSIONS}, keyed by the recipient: an entry as JSON
 * ({@link SuppressionEntry#toJson()}), or a tombstone (null value) to remove one. Each call waits for Kafka's
 * acknowledgement ({@code acks=all}, idempotent producer). Thread-safe.
 */
public final class KafkaSuppressionWriter implements SuppressionWriter, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSuppressionWriter.class);

    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;
    private final Duration closeTimeout;

    /**
     * @param producer a producer of string keys and byte-array values with {@code acks=all}; closed on {@link #stop()}
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: a write waits this long plus
     *     {@link KafkaRequestPublisher#ACK_WAIT_MARGIN} for its acknowledgement
     */
    public KafkaSuppressionWriter(Producer<String, byte[]> producer, Duration deliveryTimeout) {
        this.producer = producer;
        this.ackTimeout = deliveryTimeout.plus(KafkaRequestPublisher.ACK_WAIT_MARGIN);
        this.closeTimeout = deliveryTimeout;
    }

    /**
     * {@inheritDoc}
     *
     * @throws PublishException if the send failed at once or was not acknowledged in time
     */
    @Override
    public void add(SuppressionEntry entry) {
        write(entry.recipient(), entry.toJson(), "add");
    }

    /**
     * {@inheritDoc}
     *
     * @throws PublishException if the send failed at once or was not acknowledged in time
     */
    @Override
    public void remove(String recipient) {
        write(recipient, null, "remove");
    }

    private void write(String recipient, byte[] value, String what) {
        try {
            producer.send(new ProducerRecord<>(Topics.SUPPRESSIONS, recipient, value))
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

    @Override
    public void start() {
        // The producer connects on first use.
    }

    /** Closes the producer, waiting up to {@code delivery.timeout.ms} for a write in flight. */
    @Override
    public void stop() {
        producer.close(closeTimeout);
    }
}
