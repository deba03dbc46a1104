package io.herald.harness.chaos;

import io.herald.harness.ingest.RequestReader;
import io.herald.schema.NotificationRequest;
import java.util.HashMap;
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
     * @param offsets filled with the {@code notify.requests} offset of each of those message ids
     * @return the message ids of those batches' records, each with its {@code notify.requests} partition
     */
    static Map<String, Integer> read(TopicReader reader, String registryUrl, Map<TopicPartition, Long> from,
                            Set<String> batchIds, Map<String, Long> offsets) {
        Map<String, Integer> ids = new HashMap<>();
        try (RequestReader requests = new RequestReader(registryUrl, Map.of())) {
            reader.readSince(from, record -> {
                NotificationRequest request = requests.read(record.topic(), record.value());
                if (request != null && batchIds.contains(request.getBatchId())) {
                    ids.put(request.getMessageId(), record.partition());
                    offsets.put(request.getMessageId(), record.offset());
                }
            });
        }
        return ids;
    }
}
