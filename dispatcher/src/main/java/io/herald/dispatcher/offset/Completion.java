package io.herald.dispatcher.offset;

import org.apache.kafka.common.TopicPartition;

/**
 * A record that completed: it was sent and its SENT status acknowledged by Kafka, or it failed for good and its FAILED
 * status (and DLQ record) were acknowledged.
 *
 * @param partition the record's partition
 * @param offset the record's offset
 * @param epoch the {@link OffsetTracker#dispatched epoch} the record was dispatched in; a completion from an earlier
 *     assignment of the partition is ignored
 */
public record Completion(TopicPartition partition, long offset, long epoch) {
}
