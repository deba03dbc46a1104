package io.herald.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;

/**
 * Healthy when the Kafka cluster answers within the timeout, has at least one broker, and the topic the service writes
 * to exists (auto-creation may be off, and without the topic every send would block for {@code max.block.ms}).
 * Each run asks the cluster afresh: {@code describeCluster} and {@code describeTopics} through the admin client.
 */
public final class KafkaHealthCheck extends HealthCheck {

    private final Admin admin;
    private final String topic;
    private final Duration timeout;

    /**
     * @param admin the admin client; not closed by this check
     * @param topic the topic that must exist, e.g. {@code notify.requests}
     * @param timeout how long one run may wait for the cluster
     */
    public KafkaHealthCheck(Admin admin, String topic, Duration timeout) {
        this.admin = admin;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    protected Result check() throws InterruptedException {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            Collection<Node> nodes = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return Result.unhealthy("Kafka cluster %s has no broker", clusterId);
            }
            Map<String, TopicDescription> topics = admin
                    .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                    .allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            return Result.healthy("Kafka cluster %s: %d broker(s); %s has %d partitions", clusterId, nodes.size(),
                    topic, topics.get(topic).partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                return Result.unhealthy("Kafka did not answer within %d ms", timeoutMs);
            }
            return Result.unhealthy("Kafka: %s", e.getCause().toString());
        } catch (TimeoutException e) {
            return Result.unhealthy("Kafka did not answer within %d ms", timeoutMs);
        }
    }
}
