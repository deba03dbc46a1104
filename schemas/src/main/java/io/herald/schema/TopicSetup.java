package io.herald.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Herald's topics when they are missing. Existing topics are left as they are (their partition count is
 * never changed, since that would move keys between partitions and break per-recipient order).
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * Creates {@link Topics#REQUESTS}, {@link Topics#STATUS} and {@link Topics#REQUESTS_DLQ} if they do not exist.
     *
     * @param admin an admin client connected to the cluster
     * @param requestsPartitions partitions of {@link Topics#REQUESTS}, at least 1
     * @param statusPartitions partitions of {@link Topics#STATUS} and {@link Topics#REQUESTS_DLQ}, at least 1
     * @param replicationFactor replication factor of every topic created, at least 1
     * @param timeoutMs how long to wait for the cluster, in ms
     * @return the names of the topics this call created; empty if all existed
     * @throws IllegalStateException if the cluster did not answer within {@code timeoutMs}, or refused to create a topic
     *     for a reason other than that it exists
     */
    public static Set<String> ensureTopics(Admin admin, int requestsPartitions, int statusPartitions,
                                           short replicationFactor, long timeoutMs) {
        Map<String, Integer> wanted = Map.of(
                Topics.REQUESTS, requestsPartitions,
                Topics.STATUS, statusPartitions,
                Topics.REQUESTS_DLQ, statusPartitions);
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, partitions) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, replicationFactor));
                }
            });
            if (missing.isEmpty()) {
                return Set.of();
            }
            Set<String> created = new java.util.TreeSet<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
