package io.herald.cli.chaos;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The message ids ingest accepted in a scenario. Ingest's {@code 202} gives a batch id and counts, not ids, so the
 * ids are read where ingest put them: the {@code notify.requests} records written since the scenario started whose
 * {@code batchId} is one of the batch ids ingest answered with. That is the set the dispatchers are responsible for:
 * a record on the topic is accepted whatever happens to it later. Records that are not readable Avro (the poison
 * scenario's) are skipped; a schema id the registry does not know is asked for once.
 */
final class AcceptedMessages {

    private AcceptedMessages() {
    }

    /**
     * @param reader a reader on the stack's broker
     * @param registryUrl the registry's base URL
     * @param from the end offsets of {@code notify.requests} before the scenario's first POST
     * @param batchIds the batch ids ingest answered 202 with
     * @return the message ids of those batches' records
     */
    static Set<String> read(TopicReader reader, String registryUrl, Map<TopicPartition, Long> from,
                            Set<String> batchIds) {
        Set<String> ids = new HashSet<>();
        try (AvroKafkaDeserializer<NotificationRequest> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(HeraldSerdes.consumerSerdeConfig(registryUrl), false);
            Set<Integer> unknownSchemaIds = new HashSet<>();
            reader.readSince(from, record -> {
                byte[] value = record.value();
                if (value == null || value.length < 5 || value[0] != 0) {
                    return; // not the Confluent wire format: a poison record, not something ingest accepted
                }
                int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
                if (unknownSchemaIds.contains(schemaId)) {
                    return; // the registry does not know it: asked once, not for every record
                }
                NotificationRequest request;
                try {
                    request = avro.deserialize(record.topic(), value);
                } catch (RuntimeException unreadable) {
                    if (isNotFound(unreadable)) {
                        unknownSchemaIds.add(schemaId);
                    }
                    return; // a body that is not what its schema says: a poison record too
                }
                if (request != null && batchIds.contains(request.getBatchId())) {
                    ids.add(request.getMessageId());
                }
            });
        }
        return ids;
    }

    private static boolean isNotFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().endsWith("NotFoundException")) {
                return true;
            }
        }
        return false;
    }
}
