package io.herald.dispatcher.offset;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Per assigned partition, which offsets were dispatched and which completed, and so which offsets may be committed:
 * for each partition the highest contiguous completed offset + 1 (at-least-once: a record is never committed before it
 * and every record before it in the partition has completed).
 *
 * <p>Each assignment of a partition gets a new <em>epoch</em>. A completion carries the epoch its record was dispatched
 * in, so a send that outlives a revoke cannot mark an offset of a later assignment complete.
 *
 * <p>Not thread-safe: the poll thread owns it. Sender threads report completions through a queue that the poll thread
 * drains into {@link #completed(Completion)}.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private long nextEpoch = 1;
    private int pending;

    /**
     * Starts tracking newly assigned partitions. A partition that is already tracked keeps its state.
     *
     * @param assigned the partitions
     */
    public void assigned(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            partitions.computeIfAbsent(tp, p -> new PartitionOffsets(nextEpoch++));
        }
    }

    /**
     * Records that a record was handed to the senders.
     *
     * @param partition its partition, which must be assigned
     * @param offset its offset, above every offset dispatched before in this partition
     * @return the epoch to put into the record's {@link Completion}
     * @throws IllegalStateException if the partition is not assigned or the offset goes backwards
     */
    public long dispatched(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets == null) {
            throw new IllegalStateException("partition " + partition + " is not assigned");
        }
        offsets.dispatched(offset);
        pending++;
        return offsets.epoch();
    }

    /**
     * Records a completion.
     *
     * @param completion the completed record
     * @return true if it counted; false if its partition is no longer assigned or was re-assigned since (stale epoch)
     */
    public boolean completed(Completion completion) {
        PartitionOffsets offsets = partitions.get(completion.partition());
        if (offsets == null || offsets.epoch() != completion.epoch()) {
            return false;
        }
        if (offsets.completed(completion.offset())) {
            pending--;
            return true;
        }
        return false;
    }

    /**
     * Records that a dispatched record will not be processed by this process (it was still queued when its partition
     * was revoked). It keeps the commit below it, but a revoke no longer waits for it.
     *
     * @param partition the record's partition
     * @param offset the record's offset
     */
    public void abandoned(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets != null) {
            offsets.abandoned(offset);
        }
    }

    /**
     * The offsets to commit: for every tracked partition whose committable offset moved since the last
     * {@link #committed(Map) commit}, that offset.
     *
     * @return partition to offset (the next record to read); empty if nothing moved
     */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    /**
     * As {@link #committable()} for some partitions only.
     *
     * @param subset the partitions; untracked ones are skipped
     * @return partition to offset; empty if nothing moved
     */
    public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> subset) {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : subset) {
            PartitionOffsets offsets = partitions.get(tp);
            if (offsets != null) {
                long offset = offsets.committableSinceLastCommit();
                if (offset >= 0) {
                    result.put(tp, new OffsetAndMetadata(offset));
                }
            }
        }
        return result;
    }

    /**
     * Records that offsets were committed (from the commit callback, or after commitSync).
     *
     * @param offsets what was committed
     */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionOffsets tracked = partitions.get(tp);
            if (tracked != null) {
                tracked.committed(om.offset());
            }
        });
    }

    /**
     * Stops tracking partitions (after a revoke has committed them, or when they were lost).
     *
     * @param removed the partitions
     */
    public void removed(Collection<TopicPartition> removed) {
        for (TopicPartition tp : removed) {
            PartitionOffsets offsets = partitions.remove(tp);
            if (offsets != null) {
                pending -= offsets.pending();
            }
        }
    }

    /** @return records dispatched and not completed, over every tracked partition: the back-pressure count */
    public int inFlight() {
        return pending;
    }

    /**
     * @param partition a partition
     * @return records of it dispatched and not completed, abandoned ones included; 0 if it is not tracked
     */
    public int inFlight(TopicPartition partition) {
        PartitionOffsets offsets = partitions.get(partition);
        return offsets == null ? 0 : offsets.pending();
    }

    /**
     * The records a revoke or a shutdown waits for.
     *
     * @param subset the partitions
     * @return records dispatched in them that are neither completed nor abandoned
     */
    public int awaited(Collection<TopicPartition> subset) {
        int count = 0;
        for (TopicPartition tp : subset) {
            PartitionOffsets offsets = partitions.get(tp);
            if (offsets != null) {
                count += offsets.awaited();
            }
        }
        return count;
    }

    /** @return the tracked partitions */
    public Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    /**
     * The last committed offset per partition, for {@code /stats}.
     *
     * @return partition to offset; a partition with no commit yet is absent
     */
    public Map<TopicPartition, Long> lastCommitted() {
        Map<TopicPartition, Long> result = new HashMap<>();
        partitions.forEach((tp, offsets) -> {
            if (offsets.lastCommitted() >= 0) {
                result.put(tp, offsets.lastCommitted());
            }
        });
        return result;
    }
}
