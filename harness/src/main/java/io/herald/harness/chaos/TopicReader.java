package io.herald.harness.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a range of a topic as raw bytes, without a consumer group: from offsets taken earlier ({@link #endOffsets})
 * up to the end offsets at the time of the read. Used to find what ingest wrote to {@code notify.requests} during a
 * scenario and what the dispatchers wrote to {@code notify.requests.dlq}.
 */
final class TopicReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    TopicReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @param topic a topic
     * @return its end offset (the offset the next record gets) per partition
     */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
        }
    }

    /**
     * @param from start offsets from {@link #endOffsets}
     * @return how many records were written after {@code from}
     */
    long countSince(Map<TopicPartition, Long> from) {
        String topic = from.keySet().iterator().next().topic();
        Map<TopicPartition, Long> end = endOffsets(topic);
        return end.entrySet().stream().mapToLong(e -> e.getValue() - from.getOrDefault(e.getKey(), 0L)).sum();
    }

    /**
     * Hands every record between {@code from} and the current end offsets to {@code action}.
     *
     * @param from start offsets from {@link #endOffsets}
     * @param action called once per record, in partition order
     * @throws IllegalStateException if the range cannot be read within 60 s of no progress
     */
    void readSince(Map<TopicPartition, Long> from, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        String topic = from.keySet().iterator().next().topic();
        Map<TopicPartition, Long> end = endOffsets(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(end.keySet());
            end.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long lastProgress = System.nanoTime();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), TIMEOUT) < e.getValue())) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        action.accept(record);
                    }
                }
                if (System.nanoTime() - lastProgress > TIMEOUT.toNanos()) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end + " within "
                            + TIMEOUT.toSeconds() + " s");
                }
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-chaos-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
