package io.herald.it;

import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.Topics;
import io.herald.serde.CheckedAvroDeserializer;
import io.herald.serde.PoisonRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code notify.status} from the beginning (committed records only), keeping the events of the given batches.
 * Not thread-safe.
 */
final class StatusReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> batchIds;
    private final CheckedAvroDeserializer<DeliveryStatus> statuses =
            new CheckedAvroDeserializer<>(DeliveryStatus.class);
    private final List<DeliveryStatus> events = new ArrayList<>();

    StatusReader(HeraldTestStack stack, Set<String> batchIds) {
        this(stack.bootstrapServers(), stack.registryUrl(), batchIds);
    }

    StatusReader(String bootstrapServers, String registryUrl, Set<String> batchIds) {
        Map<String, Object> config = new HashMap<>(HeraldSerdes.consumerSerdeConfig(registryUrl));
        // Values are read as bytes and checked here: PoisonRecordIT leaves unreadable records on the shared stack's
        // notify.status, which a deserializing consumer would stop at.
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        statuses.configure(config, false);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-status-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The receipt correlator writes final states in transactions: an aborted one must not count.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config);
        this.batchIds = Set.copyOf(batchIds);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.STATUS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls once and returns every event of the batches read so far.
     *
     * @return the events in the order read (per partition in offset order)
     */
    List<DeliveryStatus> poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            DeliveryStatus status;
            try {
                status = statuses.deserialize(record.topic(), record.value());
            } catch (PoisonRecordException poison) {
                continue;
            }
            if (status != null && batchIds.contains(status.getBatchId())) {
                events.add(status);
            }
        }
        return List.copyOf(events);
    }

    @Override
    public void close() {
        consumer.close();
        statuses.close();
    }
}
