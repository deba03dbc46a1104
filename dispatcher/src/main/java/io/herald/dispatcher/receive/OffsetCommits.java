package io.herald.dispatcher.receive;

import io.herald.dispatcher.admin.LoopStats;
import io.herald.dispatcher.offset.OffsetTracker;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PollLoop}'s commits: what its {@link OffsetTracker} says may be committed (every record before the offset
 * finished), asynchronously every {@code commit.interval.ms} while polling, synchronously on a revoke and at shutdown.
 * Publishes the last committed offsets to {@code /stats}. The loop's thread only. Logs as {@link PollLoop}.
 */
final class OffsetCommits {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private final Consumer<?, ?> consumer;
    private final OffsetTracker tracker;
    private final Time time;
    private final String name;
    private final long intervalMs;
    private final LoopStats gauges;
    private long lastCommitMs;

    /**
     * @param consumer the loop's consumer
     * @param tracker the loop's offsets
     * @param time the clock of the commit interval
     * @param name the loop's name, for the log
     * @param intervalMs how often to commit while polling, in ms
     * @param gauges where the committed offsets are shown
     */
    OffsetCommits(Consumer<?, ?> consumer, OffsetTracker tracker, Time time, String name, long intervalMs,
                  LoopStats gauges) {
        this.consumer = consumer;
        this.tracker = tracker;
        this.time = time;
        this.name = name;
        this.intervalMs = intervalMs;
        this.gauges = gauges;
    }

    /** Starts the commit interval now. */
    void start() {
        lastCommitMs = time.milliseconds();
    }

    /** Commits asynchronously what may be committed, if the interval has passed since the last try. */
    void maybeCommit() {
        long now = time.milliseconds();
        if (now - lastCommitMs < intervalMs) {
            return;
        }
        lastCommitMs = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("Async commit of {} partitions failed; a later commit covers it: {}", offsets.size(),
                        error.toString());
            } else {
                tracker.committed(committed);
                publish();
            }
        });
    }

    /**
     * Commits synchronously what may be committed of some partitions.
     *
     * @param partitions the partitions
     * @throws org.apache.kafka.common.KafkaException if the commit fails
     */
    void commitSync(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // stop() raced with this call; the wakeup is consumed, so try once more.
            consumer.commitSync(offsets);
        }
        tracker.committed(offsets);
        publish();
        LOG.info("{}: committed {}", name, describe(offsets));
    }

    /** Shows the tracker's last committed offsets in {@code /stats}. */
    void publish() {
        Map<String, Long> byName = new TreeMap<>();
        tracker.lastCommitted().forEach((tp, offset) -> byName.put(tp.toString(), offset));
        gauges.setCommitted(byName);
    }

    /**
     * @param partitions newly assigned partitions
     * @return the committed offset of each, or its log start offset if none was committed
     */
    Map<TopicPartition, Long> startOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> start = new HashMap<>();
        Set<TopicPartition> set = Set.copyOf(partitions);
        consumer.committed(set).forEach((tp, om) -> {
            if (om != null) {
                start.put(tp, om.offset());
            }
        });
        List<TopicPartition> missing = set.stream().filter(tp -> !start.containsKey(tp)).toList();
        if (!missing.isEmpty()) {
            start.putAll(consumer.beginningOffsets(missing));
        }
        return start;
    }

    private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, Long> sorted = new TreeMap<>();
        offsets.forEach((tp, om) -> sorted.put(tp.toString(), om.offset()));
        return sorted.toString();
    }
}
