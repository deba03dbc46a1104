package io.herald.dispatcher.status;

import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes {@link DeliveryStatus} events to {@value Topics#STATUS} (key: messageId) and dead letters to
 * {@value Topics#REQUESTS_DLQ} through one idempotent {@code acks=all} producer of raw bytes. Status values are
 * serialized here with the registry-aware Avro serializer, so both topics share one producer, one connection pool and
 * one sequence of idempotent batches.
 *
 * <p>Thread-safe (the Kafka producer is). Each method returns a future that completes when Kafka acknowledged the
 * record, on the producer's I/O thread: callers must not block in stages chained to it.
 */
public final class StatusPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final Serializer<DeliveryStatus> statusSerializer;

    /**
     * @param producer a producer with byte-array serializers, {@code acks=all}, idempotence on
     * @param statusSerializer serializes status values (Apicurio Avro, Confluent wire format), already configured
     */
    public StatusPublisher(Producer<byte[], byte[]> producer, Serializer<DeliveryStatus> statusSerializer) {
        this.producer = producer;
        this.statusSerializer = statusSerializer;
    }

    /**
     * Writes a status event.
     *
     * @param status the event
     * @return completes with the record's metadata when acknowledged, or exceptionally if it could not be written
     *     (serialization error, {@code delivery.timeout.ms} passed, fatal producer error)
     */
    public CompletableFuture<RecordMetadata> publish(DeliveryStatus status) {
        try {
            RecordHeaders headers = new RecordHeaders();
            byte[] value = statusSerializer.serialize(Topics.STATUS, headers, status);
            byte[] key = status.getMessageId().getBytes(StandardCharsets.UTF_8);
            return send(new ProducerRecord<>(Topics.STATUS, null, key, value, headers));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Writes a record to the DLQ: the original key and value bytes, the original headers, then the
     * {@link DeadLetterHeaders herald.* headers}.
     *
     * @param record the consumed record
     * @param error what went wrong: the exception class name, or a category such as {@code SendFailure}
     * @param message the error description; never the message text or the recipient
     * @param code a stable error code (e.g. {@code ESME_RINVDSTADR}), or null
     * @param attempts delivery attempts made, 0 if none
     * @return completes with the record's metadata when acknowledged, or exceptionally
     */
    public CompletableFuture<RecordMetadata> deadLetter(ConsumerRecord<byte[], ConsumedValue> record, String error,
                                                        String message, String code, int attempts) {
        try {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                headers.add(header);
            }
            DeadLetterHeaders.add(headers, record, error, message, code, attempts);
            byte[] value = record.value() == null ? null : record.value().raw();
            return send(new ProducerRecord<>(Topics.REQUESTS_DLQ, null, record.key(), value, headers));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                acked.completeExceptionally(exception);
            } else {
                acked.complete(metadata);
            }
        });
        return acked;
    }

    /** Flushes and closes the producer, waiting at most the given time. */
    public void close(Duration timeout) {
        producer.close(timeout);
        statusSerializer.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
