package io.herald.it;

import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.Topics;
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

/**
 * Reads {@code notify.status} from the beginning (committed records only), keeping the events of the given batches.
 * Not thread-safe.
 */
final class StatusReader implements AutoCloseable {

    private final KafkaConsumer<String, DeliveryStatus> consumer;
    private final Set<String> batchIds;
    private final List<DeliveryStatus> events = new ArrayList<>();

    StatusReader(HeraldTestStack stack, Set<String> batchIds) {
        this(stack.bootstrapServers(), stack.registryUrl(), batchIds);
    }

    StatusReader(String bootstrapServers, String registryUrl, Set<String> batchIds) {
        Map<String, Object> config = new HashMap<>(HeraldSerdes.consumerSerdeConfig(registryUrl));
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
        for (ConsumerRecord<String, DeliveryStatus> record : consumer.poll(Duration.ofMillis(500))) {
            if (record.value() != null && batchIds.contains(record.value().getBatchId())) {
                events.add(record.value());
            }
        }
        return List.copyOf(events);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
