package io.herald.harness.bench;

import io.herald.schema.Channel;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PriorityLane;
import io.herald.schema.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Requests written to a request topic ({@code notify.requests} by default) ahead of a dispatcher benchmark, and where
 * they are: the first offset and the count of each partition. A benchmark starts a dispatcher at a slice of them by
 * committing offsets for a fresh consumer group before the dispatcher joins it.
 *
 * @param records requests written
 * @param recipients distinct recipients among them
 * @param start the first offset of each partition of the three priority lanes' topics
 * @param count how many of the requests each partition got
 */
public record Backlog(long records, int recipients, Map<TopicPartition, Long> start, Map<TopicPartition, Long> count) {

    /**
     * Writes one-segment GSM requests, each to a recipient drawn from a pool of random Norwegian mobiles, keyed by
     * recipient, with ingest's producer settings ({@code acks=all}, idempotence, lz4, {@code linger.ms=5}).
     *
     * @param bootstrapServers the broker
     * @param registryUrl the schema registry's base URL
     * @param records requests to write
     * @param recipients the pool's size
     * @param seed the random seed of the pool and the draws
     * @return where they are
     */
    public static Backlog write(String bootstrapServers, String registryUrl, long records, int recipients, long seed)
            throws Exception {
        return write(bootstrapServers, registryUrl, records, recipients, seed, PriorityLane.NORMAL);
    }

    /**
     * As {@link #write(String, String, long, int, long)}, to a priority lane's topic ({@link Topics#requestsTopic}).
     *
     * @param lane the lane; its records carry it
     * @return where they are
     */
    public static Backlog write(String bootstrapServers, String registryUrl, long records, int recipients, long seed,
                                PriorityLane lane) throws Exception {
        Random random = new Random(seed);
        List<String> pool = new ArrayList<>(recipients);
        for (int i = 0; i < recipients; i++) {
            pool.add(String.format(Locale.ROOT, "+479%07d", random.nextInt(10_000_000)));
        }
        Map<TopicPartition, Long> start = endOffsets(bootstrapServers);
        Map<String, Object> config = HeraldSerdes.producerSerdeConfig(registryUrl);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Instant now = Instant.now();
        try (KafkaProducer<String, NotificationRequest> producer = new KafkaProducer<>(config)) {
            String batchId = null;
            for (long i = 0; i < records; i++) {
                if (i % 1000 == 0) {
                    batchId = UUID.randomUUID().toString();
                }
                String recipient = pool.get(random.nextInt(recipients));
                NotificationRequest request = NotificationRequest.newBuilder()
                        .setMessageId(UUID.randomUUID().toString()).setBatchId(batchId).setChannel(Channel.SMS)
                        .setRecipient(recipient).setSender("HERALD").setText("Bench " + i + ": your code is 4711")
                        .setCreatedAt(now).setClientId("bench").setLane(lane).build();
                producer.send(new ProducerRecord<>(Topics.requestsTopic(lane), recipient, request));
            }
            producer.flush();
        }
        Map<TopicPartition, Long> end = endOffsets(bootstrapServers);
        Map<TopicPartition, Long> count = new HashMap<>();
        start.forEach((partition, first) -> count.put(partition, end.get(partition) - first));
        return new Backlog(records, recipients, start, count);
    }

    /**
     * @param run a run, 1-based
     * @param runs runs in all: the backlog is cut in as many slices, partition by partition
     * @return the offsets run {@code run} starts at
     */
    public Map<TopicPartition, OffsetAndMetadata> slice(int run, int runs) {
        return after(records * (run - 1) / runs);
    }

    /**
     * @param skipped requests to leave behind, taken from each partition in proportion to its count
     * @return the offsets that leave about that many requests behind
     */
    public Map<TopicPartition, OffsetAndMetadata> after(long skipped) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        start.forEach((partition, first) -> offsets.put(partition,
                new OffsetAndMetadata(first + count.get(partition) * skipped / records)));
        return offsets;
    }

    /** @return the requests in one slice of {@code runs} */
    public long sliceSize(int runs) {
        return records / runs;
    }

    /**
     * @param bootstrapServers the broker
     * @return the end offset of every partition of the three priority lanes' topics ({@link Topics#REQUEST_LANES})
     */
    public static Map<TopicPartition, Long> endOffsets(String bootstrapServers) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (String topic : Topics.REQUEST_LANES) {
                admin.listOffsets(latestOffsets(admin, topic)).all().get(30, TimeUnit.SECONDS)
                        .forEach((partition, info) -> offsets.put(partition, info.offset()));
            }
            return offsets;
        }
    }

    /**
     * Commits offsets for a consumer group that has no members, so that a dispatcher joining it starts there.
     *
     * @param bootstrapServers the broker
     * @param group the group
     * @param offsets where each partition starts
     */
    public static void startGroupAt(String bootstrapServers, String group, Map<TopicPartition, ?> offsets)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, offset) -> commits.put(partition, offset instanceof OffsetAndMetadata o ? o
                : new OffsetAndMetadata((Long) offset)));
        try (Admin admin = admin(bootstrapServers)) {
            admin.alterConsumerGroupOffsets(group, commits).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A {@code listOffsets} request for the end offset of each partition of a topic.
     *
     * @param admin the admin client
     * @param topic an existing topic
     * @return a new mutable map, partition to {@link OffsetSpec#latest()}
     * @throws Exception if the topic cannot be described within 30 s
     */
    static Map<TopicPartition, OffsetSpec> latestOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return latest;
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
