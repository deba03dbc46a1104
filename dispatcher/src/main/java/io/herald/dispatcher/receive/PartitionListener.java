package io.herald.dispatcher.receive;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Told by the poll loop when it takes or lets go of partitions, on the poll thread, before any record of a newly
 * assigned partition is dispatched (e.g. to load the sent ledger for them).
 */
public interface PartitionListener {

    /** Does nothing. */
    PartitionListener NONE = new PartitionListener() {
        @Override
        public void assigned(Map<TopicPartition, Long> startOffsets) {
        }

        @Override
        public void removed(Collection<TopicPartition> partitions) {
        }
    };

    /**
     * @param listeners told in this order
     * @return a listener that tells each of them
     */
    static PartitionListener all(PartitionListener... listeners) {
        List<PartitionListener> each = List.of(listeners);
        return new PartitionListener() {
            @Override
            public void assigned(Map<TopicPartition, Long> startOffsets) {
                each.forEach(listener -> listener.assigned(startOffsets));
            }

            @Override
            public void removed(Collection<TopicPartition> partitions) {
                each.forEach(listener -> listener.removed(partitions));
            }
        };
    }

    /**
     * Partitions were assigned. May block (bounded); the loop does not poll meanwhile.
     *
     * @param startOffsets each new partition's first offset to be read: its committed offset, or its log start offset
     *     if none was committed
     */
    void assigned(Map<TopicPartition, Long> startOffsets);

    /**
     * Partitions were revoked or lost.
     *
     * @param partitions the partitions
     */
    void removed(Collection<TopicPartition> partitions);
}
