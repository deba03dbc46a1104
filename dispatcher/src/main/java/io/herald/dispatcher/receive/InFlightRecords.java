package io.herald.dispatcher.receive;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.offset.Completion;
import io.herald.dispatcher.offset.OffsetTracker;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PollLoop}'s records between dispatch and completion: hands each to the {@link KeyOrderedExecutor} (one
 * record per key at a time), takes the completions the sender threads report through a queue, and marks them in the
 * loop's {@link OffsetTracker}. Every method but the completion callbacks runs on the loop's thread. Logs as
 * {@link PollLoop}.
 */
final class InFlightRecords {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    /** A record's processing ended: completed, or failed to record its outcome. */
    private record Done(Completion completion, Throwable error) {
    }

    private final KeyOrderedExecutor executor;
    private final RecordHandler handler;
    private final OffsetTracker tracker;
    private final DispatcherStats stats;
    private final BlockingQueue<Done> completions = new LinkedBlockingQueue<>();

    /**
     * @param executor runs the records, one per key at a time
     * @param handler processes one record
     * @param tracker the loop's offsets
     * @param stats counts the records consumed
     */
    InFlightRecords(KeyOrderedExecutor executor, RecordHandler handler, OffsetTracker tracker,
                    DispatcherStats stats) {
        this.executor = executor;
        this.handler = handler;
        this.tracker = tracker;
        this.stats = stats;
    }

    /** Dispatches a record: tracked from now until its completion is {@link #drain drained}. */
    void dispatch(ConsumerRecord<byte[], ConsumedValue> record) {
        stats.recordConsumed(1);
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        long offset = record.offset();
        long epoch = tracker.dispatched(tp, offset);
        Completion completion = new Completion(tp, offset, epoch);
        String key = record.key() == null ? tp + "@" + offset : new String(record.key(), StandardCharsets.UTF_8);
        // The executor's stage fails too if the sender pool refused the record: the record was never handled, so
        // it must not be committed past (the loop stops on it).
        executor.submit(new KeyOrderedExecutor.Task(key, tp, offset, () -> handler.handle(record)))
                .whenComplete((result, error) -> completions.add(new Done(completion, error)));
    }

    /**
     * Applies the completions reported so far: a completed record is marked in the tracker; a record whose outcome
     * could not be recorded is handed to {@code failed} and stays unfinished, so that nothing is committed past it.
     *
     * @param waitMs how long to wait for the first one, in ms; 0 does not wait
     * @param failed told of each record that failed, with the error
     * @throws InterruptedException if interrupted while waiting
     */
    void drain(long waitMs, BiConsumer<Completion, Throwable> failed) throws InterruptedException {
        Done done = waitMs > 0 ? completions.poll(waitMs, TimeUnit.MILLISECONDS) : completions.poll();
        while (done != null) {
            if (done.error() == null) {
                tracker.completed(done.completion());
            } else {
                failed.accept(done.completion(), done.error());
            }
            done = completions.poll();
        }
    }

    /**
     * Drops the records of some partitions still queued for their key (not started): the partitions' next owner
     * reads them again.
     *
     * @param partitions revoked, lost or closing partitions
     */
    void dropQueued(Collection<TopicPartition> partitions) {
        List<KeyOrderedExecutor.Task> dropped = executor.drop(partitions);
        for (KeyOrderedExecutor.Task task : dropped) {
            tracker.abandoned(task.partition(), task.offset());
        }
        if (!dropped.isEmpty()) {
            LOG.info("Dropped {} queued records of {} partitions; their next owner reads them again", dropped.size(),
                    partitions.size());
        }
    }
}
