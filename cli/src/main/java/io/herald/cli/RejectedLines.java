package io.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.schema.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts the rejections of one load: the records of {@value Topics#BULK_REJECTED} (read committed) written after
 * {@link #start} whose {@code partition} and {@code offset} fall in the range of {@value Topics#BULK} this load wrote.
 * Also reads that range: {@value Topics#BULK}'s end offsets before and after the load. Not thread-safe.
 */
final class RejectedLines implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private Map<Integer, Long> from = Map.of();
    private Map<Integer, Long> to = Map.of();
    /**
     * Offsets of {@value Topics#BULK} (per partition) rejected at or after {@link #from}; the range end comes later.
     */
    private final Map<Integer, List<Long>> rejected = new HashMap<>();

    private RejectedLines(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    /**
     * Connects, and places the reader at the end of {@value Topics#BULK_REJECTED}.
     *
     * @param bootstrapServers Kafka's bootstrap servers
     * @return a reader of the rejections written from now on
     */
    static RejectedLines start(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-bulk-load");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = partitions(consumer, Topics.BULK_REJECTED);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixes the start now, before the load writes anything
        return new RejectedLines(consumer);
    }

    /** @return {@value Topics#BULK}'s end offset per partition now */
    Map<Integer, Long> bulkEndOffsets() {
        Map<Integer, Long> ends = new HashMap<>();
        consumer.endOffsets(partitions(consumer, Topics.BULK)).forEach((tp, end) -> ends.put(tp.partition(), end));
        return ends;
    }

    /**
     * Sets the start of the range of {@value Topics#BULK} whose rejections count; call before the load.
     *
     * @param before the end offsets before the load
     */
    void from(Map<Integer, Long> before) {
        this.from = Map.copyOf(before);
    }

    /**
     * Sets the end of the range; until then every rejection from the start on counts.
     *
     * @param after the end offsets after the load
     */
    void to(Map<Integer, Long> after) {
        this.to = Map.copyOf(after);
    }

    /** @return the records in the range, summed over the partitions; 0 before {@link #to} */
    long written() {
        return to.entrySet().stream().mapToLong(e -> e.getValue() - from.getOrDefault(e.getKey(), 0L)).sum();
    }

    /**
     * Reads what arrived since the last call.
     *
     * @return the rejections of the range counted so far
     */
    long poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            try {
                JsonNode json = JSON.readTree(record.value());
                int partition = json.path("partition").asInt(-1);
                long offset = json.path("offset").asLong(-1);
                if (offset >= from.getOrDefault(partition, Long.MAX_VALUE)) {
                    rejected.computeIfAbsent(partition, p -> new ArrayList<>()).add(offset);
                }
            } catch (IOException | RuntimeException e) {
                // not a rejection of the bulk loader: not ours to count
            }
        }
        long count = 0;
        for (Map.Entry<Integer, List<Long>> partition : rejected.entrySet()) {
            long end = to.isEmpty() ? Long.MAX_VALUE : to.getOrDefault(partition.getKey(), Long.MIN_VALUE);
            count += partition.getValue().stream().filter(offset -> offset < end).count();
        }
        return count;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
