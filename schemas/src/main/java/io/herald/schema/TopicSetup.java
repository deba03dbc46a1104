package io.herald.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Herald's topics when they are missing, each with a replication factor and {@code min.insync.replicas}
 * ({@link Durability}): with {@code acks=all}, a write is acknowledged only once that many replicas have it, so a
 * broker lost right after the acknowledgement loses nothing. Existing topics are left as they are (their partition
 * count is never changed, since that would move keys between partitions and break per-recipient order; set
 * {@code min.insync.replicas} on topics created before with {@code kafka-configs --alter}).
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * How a created topic is replicated.
     *
     * @param replicationFactor replicas of each partition, at least 1
     * @param minInsyncReplicas the topic's {@code min.insync.replicas}: replicas that must have a record before an
     *     {@code acks=all} write is acknowledged, 1 to {@code replicationFactor}
     */
    public record Durability(short replicationFactor, int minInsyncReplicas) {

        /** Checks the ranges. */
        public Durability {
            if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
                throw new IllegalArgumentException("replication factor " + replicationFactor
                        + " and min.insync.replicas " + minInsyncReplicas
                        + ": need 1 <= min.insync.replicas <= replication factor");
            }
        }

        /**
         * @param replicationFactor replicas of each partition, at least 1
         * @return that factor with {@code min.insync.replicas} = factor − 1, at least 1 (3 → 2: one broker may be
         *     down and writes go on, and an acknowledged record is on two)
         */
        public static Durability of(int replicationFactor) {
            return new Durability((short) replicationFactor, Math.max(1, replicationFactor - 1));
        }

        /** @return the topic configuration this adds: {@code min.insync.replicas} */
        public Map<String, String> topicConfigs() {
            return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        }
    }

    /**
     * Creates every topic Herald uses, if it does not exist: {@link Topics#REQUESTS} and the other lanes'
     * {@link Topics#REQUESTS_HIGH} and {@link Topics#REQUESTS_BULK} (as many partitions), {@link Topics#STATUS},
     * {@link Topics#REQUESTS_DLQ}, the retry topics of {@link Topics#DEFAULT_RETRY_TIERS},
     * {@link Topics#RECEIPTS}, {@link Topics#TEMPLATES} (compacted, {@value Topics#TEMPLATES_PARTITIONS} partition)
     * {@link Topics#SUPPRESSIONS} (compacted, {@value Topics#DEFAULT_SUPPRESSIONS_PARTITIONS} partitions),
     * {@link Topics#BATCH_CONTROL} (compacted, {@value Topics#DEFAULT_BATCH_CONTROL_PARTITIONS} partitions),
     * {@link Topics#HELD} (as many partitions as {@link Topics#REQUESTS}), {@link Topics#BATCHES},
     * {@link Topics#BATCHES_COMPLETED}, {@link Topics#BULK_REJECTED} and
     * {@link Topics#IDEMPOTENCY} (compacted and deleted after 48 h), {@link Topics#STATUS_CALLBACK_TARGETS} (compacted
     * and deleted after 7 days), {@link Topics#STATUS_CALLBACKS} (as many partitions as {@link Topics#STATUS}) and
     * {@link Topics#BULK} ({@value Topics#DEFAULT_BULK_PARTITIONS} partition). The retry topics and the receipts get as
     * many partitions as {@link Topics#REQUESTS}, so that a record keeps its partition number on its way through the
     * retry topics.
     *
     * @param admin an admin client connected to the cluster
     * @param requestsPartitions partitions of {@link Topics#REQUESTS}, the retry topics and
     *     {@link Topics#RECEIPTS}, at least 1
     * @param statusPartitions partitions of {@link Topics#STATUS}, {@link Topics#REQUESTS_DLQ}, {@link Topics#BATCHES},
     *     {@link Topics#BATCHES_COMPLETED}, {@link Topics#BULK_REJECTED} and {@link Topics#IDEMPOTENCY}, at least 1
     * @param durability replication factor and {@code min.insync.replicas} of every topic created
     * @param timeoutMs how long to wait for the cluster, in ms
     * @return the names of the topics this call created; empty if all existed
     * @throws IllegalStateException if the cluster did not answer within {@code timeoutMs}, or refused to create a
     *     topic for a reason other than that it exists
     */
    public static Set<String> ensureTopics(Admin admin, int requestsPartitions, int statusPartitions,
                                           Durability durability, long timeoutMs) {
        Optional<Short> rf = Optional.of(durability.replicationFactor());
        List<NewTopic> wanted = new ArrayList<>();
        for (String lane : Topics.REQUEST_LANES) {
            wanted.add(new NewTopic(lane, Optional.of(requestsPartitions), rf));
        }
        wanted.add(new NewTopic(Topics.STATUS, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.REQUESTS_DLQ, Optional.of(statusPartitions), rf));
        for (String tier : Topics.DEFAULT_RETRY_TIERS) {
            wanted.add(new NewTopic(Topics.retryTopic(tier), Optional.of(requestsPartitions), rf));
        }
        wanted.add(new NewTopic(Topics.RECEIPTS, Optional.of(requestsPartitions), rf));
        wanted.add(compacted(Topics.TEMPLATES, Topics.TEMPLATES_PARTITIONS, rf));
        wanted.add(compacted(Topics.SUPPRESSIONS, Topics.DEFAULT_SUPPRESSIONS_PARTITIONS, rf));
        wanted.add(compacted(Topics.BATCH_CONTROL, Topics.DEFAULT_BATCH_CONTROL_PARTITIONS, rf));
        wanted.add(new NewTopic(Topics.HELD, Optional.of(requestsPartitions), rf));
        wanted.add(new NewTopic(Topics.BATCHES, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.BATCHES_COMPLETED, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.BULK, Optional.of(Topics.DEFAULT_BULK_PARTITIONS), rf));
        wanted.add(new NewTopic(Topics.BULK_REJECTED, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.STATUS_CALLBACK_TARGETS, Optional.of(statusPartitions), rf).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.STATUS_CALLBACK_TARGETS_RETENTION_MS))));
        wanted.add(new NewTopic(Topics.STATUS_CALLBACKS, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.IDEMPOTENCY, Optional.of(statusPartitions), rf).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.IDEMPOTENCY_RETENTION_MS),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.IDEMPOTENCY_MAX_MESSAGE_BYTES))));
        return createMissing(admin, withDurability(wanted, durability), timeoutMs);
    }

    /**
     * Creates the topics a dispatcher writes or reads besides the status topic and the DLQ: its retry topics,
     * {@link Topics#RECEIPTS} and {@link Topics#HELD}, if they do not exist, with as many partitions as
     * {@link Topics#REQUESTS} has, {@link Topics#SUPPRESSIONS} (compacted,
     * {@value Topics#DEFAULT_SUPPRESSIONS_PARTITIONS} partitions) and {@link Topics#BATCH_CONTROL} (compacted,
     * {@value Topics#DEFAULT_BATCH_CONTROL_PARTITIONS} partitions); all with {@code durability}.
     *
     * @param admin an admin client connected to the cluster
     * @param retryTopics the retry topics of the configured tiers
     * @param durability replication factor and {@code min.insync.replicas} of every topic created, usually
     *     {@link #durabilityOf(Admin, String, long)} of {@link Topics#REQUESTS}
     * @param timeoutMs how long to wait for the cluster, in ms
     * @return the names of the topics this call created; empty if all existed
     * @throws IllegalStateException if {@link Topics#REQUESTS} does not exist, the cluster did not answer within
     *     {@code timeoutMs}, or refused to create a topic for a reason other than that it exists
     */
    public static Set<String> ensureDispatcherTopics(Admin admin, Collection<String> retryTopics, Durability durability,
                                                     long timeoutMs) {
        int partitions = describe(admin, Topics.REQUESTS, timeoutMs).partitions().size();
        Optional<Short> rf = Optional.of(durability.replicationFactor());
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : retryTopics) {
            wanted.add(new NewTopic(topic, Optional.of(partitions), rf));
        }
        wanted.add(new NewTopic(Topics.RECEIPTS, Optional.of(partitions), rf));
        wanted.add(new NewTopic(Topics.HELD, Optional.of(partitions), rf));
        wanted.add(compacted(Topics.SUPPRESSIONS, Topics.DEFAULT_SUPPRESSIONS_PARTITIONS, rf));
        wanted.add(compacted(Topics.BATCH_CONTROL, Topics.DEFAULT_BATCH_CONTROL_PARTITIONS, rf));
        return createMissing(admin, withDurability(wanted, durability), timeoutMs);
    }

    /**
     * How an existing topic is replicated: the replica count of its first partition and its effective
     * {@code min.insync.replicas} (its own, or the broker's default).
     *
     * @param admin an admin client connected to the cluster
     * @param topic an existing topic, e.g. {@link Topics#REQUESTS}
     * @param timeoutMs how long to wait for the cluster, in ms
     * @return its durability
     * @throws IllegalStateException if the topic does not exist or the cluster did not answer within
     *     {@code timeoutMs}
     */
    public static Durability durabilityOf(Admin admin, String topic, long timeoutMs) {
        int replicas = describe(admin, topic, timeoutMs).partitions().get(0).replicas().size();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = call(() -> admin.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
                .get(resource), "describe the configuration of " + topic, timeoutMs);
        ConfigEntry minInsync = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        int min = minInsync == null || minInsync.value() == null ? 1 : Integer.parseInt(minInsync.value());
        return new Durability((short) replicas, Math.max(1, Math.min(min, replicas)));
    }

    private static TopicDescription describe(Admin admin, String topic, long timeoutMs) {
        return call(() -> admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS)
                .get(topic), "describe " + topic, timeoutMs);
    }

    private static List<NewTopic> withDurability(List<NewTopic> topics, Durability durability) {
        List<NewTopic> result = new ArrayList<>();
        for (NewTopic topic : topics) {
            Map<String, String> configs = new HashMap<>(durability.topicConfigs());
            if (topic.configs() != null) {
                configs.putAll(topic.configs());
            }
            result.add(topic.configs(configs));
        }
        return result;
    }

    /** @return a compacted topic (the latest record of each key stays for ever): what every instance reads whole */
    private static NewTopic compacted(String topic, int partitions, Optional<Short> replicationFactor) {
        return new NewTopic(topic, Optional.of(partitions), replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private static Set<String> createMissing(Admin admin, List<NewTopic> wanted, long timeoutMs) {
        Set<String> existing = call(() -> admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS),
                "list topics", timeoutMs);
        List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
        if (missing.isEmpty()) {
            return Set.of();
        }
        Set<String> created = new TreeSet<>();
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                call(() -> entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS), "create topic " + entry.getKey(),
                        timeoutMs);
                created.add(entry.getKey());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private interface AdminCall<T> {
        T call() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private static <T> T call(AdminCall<T> call, String what, long timeoutMs) {
        try {
            return call.call();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeoutMs + " ms (" + what + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted (" + what + ")", e);
        }
    }
}
