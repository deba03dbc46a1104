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
import org.apache.kafka.common.header.Headers;
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
        return publish(status, null);
    }

    /**
     * Writes a status event with a header of Herald's own, e.g. the sent ledger's entry on a SENT status.
     *
     * @param status the event
     * @param header a header to add, or null for none
     * @return completes with the record's metadata when acknowledged, or exceptionally if it could not be written
     *     (serialization error, {@code delivery.timeout.ms} passed, fatal producer error)
     */
    public CompletableFuture<RecordMetadata> publish(DeliveryStatus status, Header header) {
        try {
            RecordHeaders headers = new RecordHeaders();
            byte[] value = statusSerializer.serialize(Topics.STATUS, headers, status);
            if (header != null) {
                headers.add(header);
            }
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
        return copy(record, Topics.REQUESTS_DLQ,
                headers -> DeadLetterHeaders.add(headers, record, error, message, code, attempts));
    }

    /**
     * Writes a consumed record to another topic (a retry topic, the DLQ): the original key and value bytes, the
     * original headers as changed by {@code headerChanges}, and the original partition number when the target has
     * that many partitions (else the producer's partitioner picks one by key).
     *
     * @param record the consumed record
     * @param topic the topic to write to
     * @param headerChanges adds or replaces headers of the copy
     * @return completes with the record's metadata when acknowledged, or exceptionally
     */
    public CompletableFuture<RecordMetadata> copy(ConsumerRecord<byte[], ConsumedValue> record, String topic,
                                                  java.util.function.Consumer<Headers> headerChanges) {
        try {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                headers.add(header);
            }
            headerChanges.accept(headers);
            byte[] value = record.value() == null ? null : record.value().raw();
            Integer partition = samePartition(topic, record.partition());
            return send(new ProducerRecord<>(topic, partition, record.key(), value, headers));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Writes an entry to a topic through this publisher's producer, e.g. a delivery receipt.
     *
     * @param topic the topic
     * @param partition the partition, or null to choose by key
     * @param key the key bytes
     * @param value the value bytes
     * @return completes with the record's metadata when acknowledged, or exceptionally
     */
    public CompletableFuture<RecordMetadata> write(String topic, Integer partition, byte[] key, byte[] value) {
        try {
            return send(new ProducerRecord<>(topic, partition, key, value));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * @param topic a topic
     * @return its partition count, from the producer's metadata (fetched and cached on first use)
     * @throws org.apache.kafka.common.KafkaException if the metadata cannot be fetched within {@code max.block.ms}
     */
    public int partitionCount(String topic) {
        return producer.partitionsFor(topic).size();
    }

    private Integer samePartition(String topic, int partition) {
        if (Topics.REQUESTS_DLQ.equals(topic)) {
            return null;
        }
        return partition < partitionCount(topic) ? partition : null;
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
