package io.herald.cli;

import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code notify.status} and keeps, per batch id, the fate of each message id: sent (a SENT, DELIVERED or
 * UNDELIVERED status: the SMSC took it) or failed (FAILED, REJECTED, EXPIRED or SUPPRESSED, and never sent); and which
 * messages a
 * delivery receipt reported DELIVERED.
 *
 * <p>It reads without a consumer group: {@link #start} assigns every partition and seeks to the end before it
 * returns, so the caller submits only after the tracker is positioned and sees every status of its batches. A
 * background thread polls until {@link #close()}.
 */
public final class StatusTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, DeliveryStatus> consumer;
    private final Map<String, Map<String, Boolean>> sentByBatch = new HashMap<>();
    private final Map<String, Long> lastChangeByBatch = new HashMap<>();
    private final Map<String, Set<String>> deliveredByBatch = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private StatusTracker(KafkaConsumer<String, DeliveryStatus> consumer) {
        this.consumer = consumer;
        this.thread = new Thread(this::run, "herald-demo-status");
        this.thread.setDaemon(true);
    }

    /**
     * Assigns all partitions of {@code notify.status}, seeks to their end and starts following them.
     *
     * @param bootstrapServers Kafka {@code bootstrap.servers}
     * @param registryUrl the registry's base URL
     * @param timeout how long to wait for the topic's metadata and end offsets
     * @return the running tracker
     * @throws IllegalStateException if {@code notify.status} does not exist
     */
    public static StatusTracker start(String bootstrapServers, String registryUrl, Duration timeout) {
        Map<String, Object> config = HeraldSerdes.consumerSerdeConfig(registryUrl);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-demo-status");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, DeliveryStatus> consumer = new KafkaConsumer<>(config);
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.STATUS, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.STATUS + " does not exist");
            }
            List<TopicPartition> assignment = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assignment);
            consumer.seekToEnd(assignment);
            for (TopicPartition partition : assignment) {
                consumer.position(partition, timeout); // resolve the lazy seek now, before anything is submitted
            }
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        StatusTracker tracker = new StatusTracker(consumer);
        tracker.thread.start();
        return tracker;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, DeliveryStatus> record : consumer.poll(POLL)) {
                    if (record.value() != null) {
                        apply(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOG.error("stopped reading {}: {}", Topics.STATUS, e.toString());
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void apply(DeliveryStatus status) {
        if (status.getState() == DeliveryState.DELIVERED) {
            deliveredByBatch.computeIfAbsent(status.getBatchId(), b -> new HashSet<>()).add(status.getMessageId());
        }
        Boolean sent = switch (status.getState()) {
            case SENT, DELIVERED, UNDELIVERED -> Boolean.TRUE;
            // SUPPRESSED: final and never sent (the recipient is on the suppression list): counted with the failed.
            case FAILED, REJECTED, EXPIRED, SUPPRESSED -> Boolean.FALSE;
        };
        Map<String, Boolean> batch = sentByBatch.computeIfAbsent(status.getBatchId(), b -> new HashMap<>());
        Boolean before = batch.get(status.getMessageId());
        if (before == null || (!before && sent)) {
            batch.put(status.getMessageId(), sent);
            lastChangeByBatch.put(status.getBatchId(), System.nanoTime());
        }
    }

    /**
     * Counts the fates of the given batches' messages.
     *
     * @param batchIds the batches of interest
     * @return distinct sent, failed and delivered message ids, and when the last sent or failed one changed ({@link System#nanoTime()})
     * @throws IllegalStateException if the tracker stopped on an error
     */
    public synchronized Counts counts(Set<String> batchIds) {
        if (failure != null) {
            throw new IllegalStateException("cannot read " + Topics.STATUS + ": " + failure.getMessage(), failure);
        }
        long sent = 0;
        long failed = 0;
        long delivered = 0;
        long last = Long.MIN_VALUE;
        for (String batchId : batchIds) {
            delivered += deliveredByBatch.getOrDefault(batchId, Set.of()).size();
            Map<String, Boolean> batch = sentByBatch.get(batchId);
            if (batch == null) {
                continue;
            }
            for (Boolean s : batch.values()) {
                if (s) {
                    sent++;
                } else {
                    failed++;
                }
            }
            last = Math.max(last, lastChangeByBatch.get(batchId));
        }
        return new Counts(sent, failed, delivered, last);
    }

    /** Stops following the topic and closes the consumer. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param sent distinct message ids the SMSC took
     * @param failed distinct message ids that failed for good
     * @param delivered distinct message ids a delivery receipt reported DELIVERED (every segment delivered)
     * @param lastChangeNanos {@link System#nanoTime()} of the last change, or {@link Long#MIN_VALUE} if none
     */
    public record Counts(long sent, long failed, long delivered, long lastChangeNanos) {
        /** @return sent plus failed: messages whose fate is known */
        public long done() {
            return sent + failed;
        }
    }
}
