package io.herald.cli.dlq;

import io.herald.harness.ingest.RequestReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads Herald's topics for {@code herald dlq}: a topic from the beginning, or from a time, to the end offsets it had
 * when the read began (records written meanwhile, such as replays that fail again, are not read), without a consumer
 * group (partitions are assigned by hand, nothing is committed). DLQ values are read with the registry; a value that
 * cannot be read is given as null.
 */
final class DeadLetterTopic implements AutoCloseable {

    /** Longest wait for a read to make progress. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RequestReader requests;

    /**
     * @param clientProperties Kafka client properties: {@code bootstrap.servers} and any others (security, SASL, SSL),
     *     also given to the registry deserializer
     * @param registryUrl the schema registry's base URL
     */
    DeadLetterTopic(Map<String, Object> clientProperties, String registryUrl) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // exists() asks for topics that may be gone (the previous release's notify.sent): never create one.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config);
        this.requests = new RequestReader(registryUrl, clientProperties);
    }

    /**
     * Reads a DLQ topic whole.
     *
     * @param topic the DLQ topic
     * @param action called once per record, partition by partition, in offset order
     * @return how many records were read
     * @throws IllegalStateException if the topic does not exist, or a read makes no progress for 60 s
     */
    long readAll(String topic, Consumer<DeadLetter> action) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return read(partitions, record -> action.accept(DeadLetter.of(record,
                requests.read(record.topic(), record.value()))));
    }

    /**
     * Reads the keys of a topic's records written at or after a time (by record timestamp, so about then).
     *
     * @param topic the topic, e.g. {@code notify.status} (keyed by messageId)
     * @param from the earliest time
     * @param which the records whose keys are wanted
     * @return the keys, as UTF-8 strings
     * @throws IllegalStateException if the topic does not exist
     */
    Set<String> keysSince(String topic, Instant from, Predicate<ConsumerRecord<byte[], byte[]>> which) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, STALL_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, STALL_TIMEOUT);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp offset = offsets.get(tp);
            consumer.seek(tp, offset == null ? ends.get(tp) : offset.offset());
        }
        Set<String> keys = new HashSet<>();
        read(partitions, record -> {
            if (record.key() != null && which.test(record)) {
                keys.add(new String(record.key(), StandardCharsets.UTF_8));
            }
        });
        return keys;
    }

    /**
     * @param topic a topic
     * @return whether it exists
     */
    boolean exists(String topic) {
        var infos = consumer.partitionsFor(topic, STALL_TIMEOUT);
        return infos != null && !infos.isEmpty();
    }

    private List<TopicPartition> partitions(String topic) {
        var infos = consumer.partitionsFor(topic, STALL_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private long read(List<TopicPartition> partitions, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, STALL_TIMEOUT);
        long count = 0;
        long lastProgress = System.nanoTime();
        while (!partitions.stream().allMatch(tp -> consumer.position(tp, STALL_TIMEOUT) >= ends.get(tp))) {
            boolean progress = false;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                progress = true;
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    action.accept(record);
                    count++;
                }
            }
            if (progress) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("no progress reading " + partitions.get(0).topic() + " for "
                        + STALL_TIMEOUT.toSeconds() + " s");
            }
        }
        return count;
    }



    @Override
    public void close() {
        requests.close();
        consumer.close(Duration.ofSeconds(5));
    }
}
