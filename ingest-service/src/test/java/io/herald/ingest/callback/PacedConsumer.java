package io.herald.ingest.callback;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own {@link MockConsumer}, with two additions for tests of a consumer loop in its own thread: a poll takes
 * a little time, as a real one waits for records (the mock answers at once, which would spin on two cores), and every
 * offset committed is kept, in order, so a test can check that none ever passed a given offset.
 */
final class PacedConsumer extends MockConsumer<String, byte[]> {

    /** How long each poll takes, in ms. */
    private static final long POLL_MS = 10;

    /** Every commit, in order: partition and offset. */
    final List<Map.Entry<TopicPartition, Long>> commits = new CopyOnWriteArrayList<>();

    PacedConsumer() {
        super(AutoOffsetResetStrategy.EARLIEST.name());
    }

    @Override
    public ConsumerRecords<String, byte[]> poll(Duration timeout) {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.poll(timeout);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> commits.add(Map.entry(partition, offset.offset())));
        super.commitSync(offsets);
    }

    /** @return the group's committed offset of the partition, -1 if none */
    synchronized long committedOffset(TopicPartition partition) {
        OffsetAndMetadata offset = committed(Set.of(partition)).get(partition);
        return offset == null ? -1 : offset.offset();
    }

    /** @return every offset committed for the partition, in order */
    List<Long> commitsOf(TopicPartition partition) {
        return commits.stream().filter(commit -> commit.getKey().equals(partition)).map(Map.Entry::getValue).toList();
    }
}
