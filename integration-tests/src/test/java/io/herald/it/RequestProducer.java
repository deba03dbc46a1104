package io.herald.it;

import io.herald.schema.Channel;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link NotificationRequest} records to {@code notify.requests} the way ingest-service does: keyed by the
 * E.164 recipient, Avro values in the Confluent wire format through {@link HeraldSerdes}, {@code acks=all} and an
 * idempotent producer. A record counts as accepted once Kafka acknowledged it, as ingest's 202 does.
 */
final class RequestProducer implements AutoCloseable {

    private final KafkaProducer<String, NotificationRequest> producer;

    RequestProducer(String bootstrapServers, String registryUrl) {
        Map<String, Object> config = new HashMap<>(HeraldSerdes.producerSerdeConfig(registryUrl));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "it-request-producer-" + UUID.randomUUID());
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * @param batchId the batch id
     * @param recipient E.164 recipient, also the record key
     * @param text the rendered text
     * @return a valid SMS request with a fresh message id, sender {@code HERALD}, no expiry
     */
    static NotificationRequest request(String batchId, String recipient, String text) {
        return NotificationRequest.newBuilder()
                .setMessageId(UUID.randomUUID().toString())
                .setBatchId(batchId)
                .setChannel(Channel.SMS)
                .setRecipient(recipient)
                .setSender("HERALD")
                .setText(text)
                .setCreatedAt(java.time.Instant.now())
                .build();
    }

    /**
     * Sends one request asynchronously.
     *
     * @param request the request
     * @param onAck called with the request once Kafka acknowledged it (on the producer's I/O thread)
     * @param onError called with the error if Kafka did not
     */
    void send(NotificationRequest request, Consumer<NotificationRequest> onAck, Consumer<Exception> onError) {
        send(request, onAck, onError, new AtomicLong());
    }

    /**
     * As {@link #send(NotificationRequest, Consumer, Consumer)}, adding the record's serialized key and value size
     * to {@code serializedBytes} once acknowledged.
     */
    void send(NotificationRequest request, Consumer<NotificationRequest> onAck, Consumer<Exception> onError,
              AtomicLong serializedBytes) {
        producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getRecipient(), request), (metadata, error) -> {
            if (error == null) {
                serializedBytes.addAndGet(Math.max(0, metadata.serializedKeySize())
                        + Math.max(0, metadata.serializedValueSize()));
                onAck.accept(request);
            } else {
                onError.accept(error);
            }
        });
    }

    /** Waits until every record sent so far was acknowledged or failed. */
    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
