package io.herald.cli.suppressions;

import io.herald.schema.SuppressionEntry;
import io.herald.schema.SuppressionKeys;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes and reads {@value Topics#SUPPRESSIONS} for the operator commands. */
final class SuppressionTopic {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> client;

    /** @param client Kafka client properties ({@code bootstrap.servers}, security settings) */
    SuppressionTopic(Map<String, Object> client) {
        this.client = client;
    }

    /**
     * Writes one record and waits for its acknowledgement ({@code acks=all}, idempotent producer).
     *
     * @param key the record key ({@link SuppressionKeys#key})
     * @param value the entry as JSON, or null for a tombstone
     * @return where it was written
     * @throws ExecutionException if Kafka refused it
     * @throws TimeoutException if it was not acknowledged within 30 s
     * @throws InterruptedException if interrupted while waiting
     */
    RecordMetadata write(String key, byte[] value)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, Object> config = new LinkedHashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-cli-suppressions");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.SUPPRESSIONS, key.getBytes(StandardCharsets.UTF_8),
                    value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Reads the whole topic, from the beginning to the end offsets it has now, and keeps the live entries of one
     * recipient.
     *
     * @param recipient the recipient
     * @return its live entries by key, in the order last written; a value that is not an entry is empty
     * @throws IllegalStateException if the topic does not exist
     */
    Map<SuppressionKeys.Key, Optional<SuppressionEntry>> entriesOf(String recipient) {
        Map<String, Object> config = new LinkedHashMap<>(client);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-cli-suppressions");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<SuppressionKeys.Key, Optional<SuppressionEntry>> live = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.SUPPRESSIONS, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.SUPPRESSIONS + " not found");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Optional<SuppressionKeys.Key> key = record.key() == null ? Optional.empty()
                            : SuppressionKeys.parse(new String(record.key(), StandardCharsets.UTF_8));
                    if (key.isEmpty() || !key.get().recipient().equals(recipient)) {
                        continue;
                    }
                    live.remove(key.get());
                    if (record.value() != null) {
                        live.put(key.get(), parse(record.value()));
                    }
                }
            }
        }
        return live;
    }

    private static Optional<SuppressionEntry> parse(byte[] value) {
        try {
            return Optional.of(SuppressionEntry.fromJson(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
