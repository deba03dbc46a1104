package io.herald.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Herald's topics when they are missing. Existing topics are left as they are (their partition count is
 * never changed, since that would move keys between partitions and break per-recipient order).
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * Creates every topic Herald uses, if it does not exist: {@link Topics#REQUESTS}, {@link Topics#STATUS},
     * {@link Topics#REQUESTS_DLQ}, the retry topics of {@link Topics#DEFAULT_RETRY_TIERS},
     * {@link Topics#RECEIPTS}, {@link Topics#TEMPLATES} (compacted, {@value Topics#TEMPLATES_PARTITIONS} partition)
     * {@link Topics#SUPPRESSIONS} (compacted, {@value Topics#DEFAULT_SUPPRESSIONS_PARTITIONS} partitions),
     * {@link Topics#BATCHES}, {@link Topics#BATCHES_COMPLETED}, {@link Topics#BULK_REJECTED} and
     * {@link Topics#IDEMPOTENCY} (compacted and deleted after 48 h) (as many partitions as {@link Topics#STATUS}) and {@link Topics#BULK} ({@value Topics#DEFAULT_BULK_PARTITIONS} partition). The
     * retry topics and the receipts get as many partitions as
     * {@link Topics#REQUESTS}, so that a record keeps its partition number on its way through the retry topics.
     *
     * @param admin an admin client connected to the cluster
     * @param requestsPartitions partitions of {@link Topics#REQUESTS}, the retry topics and
     *     {@link Topics#RECEIPTS}, at least 1
     * @param statusPartitions partitions of {@link Topics#STATUS}, {@link Topics#REQUESTS_DLQ}, {@link Topics#BATCHES},
     *     {@link Topics#BATCHES_COMPLETED}, {@link Topics#BULK_REJECTED} and {@link Topics#IDEMPOTENCY}, at least 1
     * @param replicationFactor replication factor of every topic created, at least 1
     * @param timeoutMs how long to wait for the cluster, in ms
     * @return the names of the topics this call created; empty if all existed
     * @throws IllegalStateException if the cluster did not answer within {@code timeoutMs}, or refused to create a topic
     *     for a reason other than that it exists
     */
    public static Set<String> ensureTopics(Admin admin, int requestsPartitions, int statusPartitions,
                                           short replicationFactor, long timeoutMs) {
        Optional<Short> rf = Optional.of(replicationFactor);
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(Topics.REQUESTS, Optional.of(requestsPartitions), rf));
        wanted.add(new NewTopic(Topics.STATUS, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.REQUESTS_DLQ, Optional.of(statusPartitions), rf));
        for (String tier : Topics.DEFAULT_RETRY_TIERS) {
            wanted.add(new NewTopic(Topics.retryTopic(tier), Optional.of(requestsPartitions), rf));
        }
        wanted.add(new NewTopic(Topics.RECEIPTS, Optional.of(requestsPartitions), rf));
        wanted.add(templates(rf));
        wanted.add(suppressions(rf));
        wanted.add(new NewTopic(Topics.BATCHES, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.BATCHES_COMPLETED, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.BULK, Optional.of(Topics.DEFAULT_BULK_PARTITIONS), rf));
        wanted.add(new NewTopic(Topics.BULK_REJECTED, Optional.of(statusPartitions), rf));
        wanted.add(new NewTopic(Topics.IDEMPOTENCY, Optional.of(statusPartitions), rf).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.IDEMPOTENCY_RETENTION_MS),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.IDEMPOTENCY_MAX_MESSAGE_BYTES))));
        return createMissing(admin, wanted, timeoutMs);
    }

    /**
     * Creates the topics a dispatcher writes besides the status topic and the DLQ: its retry topics and
     * {@link Topics#RECEIPTS}, if they do not exist, with as many partitions as
     * {@link Topics#REQUESTS} has, and {@link Topics#SUPPRESSIONS} (compacted,
     * {@value Topics#DEFAULT_SUPPRESSIONS_PARTITIONS} partitions); all with the broker's default replication factor
     * ({@code default.replication.factor}).
     *
     * @param admin an admin client connected to the cluster
     * @param retryTopics the retry topics of the configured tiers
     * @param timeoutMs how long to wait for the cluster, in ms
     * @return the names of the topics this call created; empty if all existed
     * @throws IllegalStateException if {@link Topics#REQUESTS} does not exist, the cluster did not answer within
     *     {@code timeoutMs}, or refused to create a topic for a reason other than that it exists
     */
    public static Set<String> ensureDispatcherTopics(Admin admin, Collection<String> retryTopics, long timeoutMs) {
        int partitions = call(() -> {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(Topics.REQUESTS))
                    .allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            return described.get(Topics.REQUESTS).partitions().size();
        }, "describe " + Topics.REQUESTS, timeoutMs);
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : retryTopics) {
            wanted.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
        }
        wanted.add(new NewTopic(Topics.RECEIPTS, Optional.of(partitions), Optional.empty()));
        wanted.add(suppressions(Optional.empty()));
        return createMissing(admin, wanted, timeoutMs);
    }

    private static NewTopic templates(Optional<Short> replicationFactor) {
        return new NewTopic(Topics.TEMPLATES, Optional.of(Topics.TEMPLATES_PARTITIONS), replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private static NewTopic suppressions(Optional<Short> replicationFactor) {
        return new NewTopic(Topics.SUPPRESSIONS, Optional.of(Topics.DEFAULT_SUPPRESSIONS_PARTITIONS),
                replicationFactor).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT));
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
