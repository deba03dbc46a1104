package io.herald.dispatcher.receive;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.admin.LoopStats;
import io.herald.dispatcher.offset.Completion;
import io.herald.dispatcher.offset.OffsetTracker;
import io.herald.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's thread: polls {@code notify.requests} (or the retry topics), hands each record to a
 * {@link KeyOrderedExecutor} (one record per recipient in flight; {@link InFlightRecords}), collects completions,
 * commits ({@link OffsetCommits}), pauses and resumes ({@link PartitionPauses}), and handles rebalances. Only this
 * thread touches the {@link Consumer}; sender threads report completions through a queue.
 *
 * <h2>Offsets</h2>
 * Every {@code commit.interval.ms} it commits (commitAsync), per partition, the highest contiguous completed offset
 * + 1 ({@link OffsetTracker}). On revoke and on close it commits synchronously.
 *
 * <h2>Rebalances (cooperative)</h2>
 * On {@code onPartitionsRevoked} it drops the revoked partitions' queued, not yet started records (the new owner
 * re-reads them from the committed offset), waits up to {@code shutdown.timeout.ms} for their running ones, commits
 * synchronously and forgets the partitions. On {@code onPartitionsLost} it drops them without committing.
 *
 * <h2>Back-pressure</h2>
 * When records in flight (queued per key, sending, or waiting for their status ack) reach {@code max.in.flight} it
 * pauses every assigned partition and keeps polling (heartbeats, {@code max.poll.interval.ms}); it resumes when they
 * fall to half.
 *
 * <p>One partition may have at most its share of {@code max.in.flight} in flight: {@code max.in.flight} divided by
 * the partitions assigned, but at least {@value #MIN_PARTITION_SHARE} (and at most {@code max.in.flight}). The records
 * beyond it are kept, in order, in that partition's buffer (at most its share again; past that the loop seeks back
 * and fetches them later), and the partition is paused; each pass of the loop dispatches from the buffer as
 * completions make room, and resumes the partition, before it polls again, once the buffer is empty. So the records a
 * dispatcher holds stay within about twice {@code max.in.flight}, and a record is fetched and deserialized once unless
 * a poll brings more than two shares of one partition. Without the share, one poll of {@code max.poll.records}
 * from one partition could fill {@code max.in.flight} with the messages of the few recipients of that partition, one
 * at a time each, while the other partitions' recipients waited: with 10 recipients, about one message in flight
 * instead of 10. Buffers wait while every partition is paused (back-pressure, gateway down). While a buffer holds
 * records or every partition is paused, the loop polls without waiting and waits on the completions instead (at most
 * {@value #COMPLETION_WAIT_MS} ms), so a completion frees its slot at once.
 *
 * <h2>Gateway down</h2>
 * While the gateway's circuit is open it also pauses every assigned partition (and keeps polling); records already
 * dispatched wait for the gateway in the sender (see {@link io.herald.dispatcher.send.RetryingSender}). It resumes
 * when the circuit leaves OPEN (half-open probes, then closed), unless back-pressure still holds.
 *
 * <h2>Records not yet due (retry topics)</h2>
 * A record whose {@link DueTime} lies ahead is not dispatched: the loop seeks its partition back to it and pauses that
 * partition until it is due (records behind it in a retry topic are due no earlier), then resumes it. No thread
 * sleeps; the loop keeps polling the other partitions.
 *
 * <h2>After a stall</h2>
 * A process frozen longer than the session timeout (a long GC pause, SIGSTOP, a suspended VM) has been fenced by the
 * group, and its partitions given to another member, but it learns so only from its next heartbeat or poll. The records
 * of the first poll after such a gap are therefore not dispatched: the loop seeks back to them and pauses every
 * partition for {@code stallHoldMs}. If the member was fenced, {@code onPartitionsLost} drops the partitions meanwhile
 * and nothing is sent twice by the stale member; if not, the records are read again after the hold.
 *
 * <h2>Shutdown</h2>
 * {@link #stop()} wakes the consumer; the loop then drops queued records, waits up to {@code shutdown.timeout.ms} for
 * running ones, commits synchronously and closes the consumer, leaving the group (a static member too, see
 * {@code group.instance.id}: its partitions move at once instead of after {@code session.timeout.ms}).
 */
public final class PollLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** How long a pass waits for a completion when records wait for room, in ms. */
    static final long COMPLETION_WAIT_MS = 5;
    private static final long REGISTRY_RETRY_MS = 1000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** The least share of {@code max.in.flight} a partition may have in flight, however many are assigned. */
    static final int MIN_PARTITION_SHARE = 64;

    /**
     * Settings of the loop.
     *
     * @param name the loop's name in logs and {@code /stats}, e.g. {@code requests} or {@code retry}
     * @param topics the topics to subscribe to, at least one
     * @param maxInFlight records in flight at which partitions are paused, at least 1
     * @param commitIntervalMs how often to commit, in ms
     * @param shutdownTimeoutMs how long a revoke or a shutdown waits for running records, in ms
     * @param stallThresholdMs a gap between two polls longer than this, in ms, means this member may have been fenced
     *     meanwhile (the consumer's {@code session.timeout.ms}); {@link Long#MAX_VALUE} turns the check off
     * @param stallHoldMs after such a gap, how long, in ms, records are not dispatched and partitions stay paused,
     *     so that the group can tell this member it was fenced first (two {@code heartbeat.interval.ms})
     */
    public record Settings(String name, List<String> topics, int maxInFlight, long commitIntervalMs,
                           long shutdownTimeoutMs, long stallThresholdMs, long stallHoldMs) {

        /** Copies {@code topics}. */
        public Settings {
            topics = List.copyOf(topics);
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("at least one topic");
            }
        }

        /** Settings without the stall check. */
        public Settings(String name, List<String> topics, int maxInFlight, long commitIntervalMs,
                        long shutdownTimeoutMs) {
            this(name, topics, maxInFlight, commitIntervalMs, shutdownTimeoutMs, Long.MAX_VALUE, 0);
        }
    }

    private final Consumer<byte[], ConsumedValue> consumer;
    private final Settings settings;
    private final LoopStats gauges;
    private final Time time;
    private final DueTime dueTime;
    private final PartitionListener partitionListener;
    /** Records fetched but not dispatched, per partition with its share of max.in.flight in flight; paused. */
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], ConsumedValue>>> buffered = new HashMap<>();
    private final OffsetTracker tracker = new OffsetTracker();
    private final OffsetCommits commits;
    private final PartitionPauses pauses;
    private final InFlightRecords inFlight;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Throwable fatal;
    private boolean closing;
    /** When the last poll returned, in ms; -1 before the first. */
    private long lastPollReturnMs = -1;

    /**
     * A loop that dispatches every record at once ({@link DueTime#NOW}) and tells no one of its partitions; the
     * parameters are those of the full constructor.
     */
    public PollLoop(Consumer<byte[], ConsumedValue> consumer, KeyOrderedExecutor executor, RecordHandler handler,
                    Settings settings, DispatcherStats stats, Time time, BooleanSupplier gatewayDown) {
        this(consumer, executor, handler, settings, stats, time, gatewayDown, DueTime.NOW, PartitionListener.NONE);
    }

    /**
     * @param consumer the consumer, configured and not yet subscribed; this loop closes it
     * @param executor runs the records, one per key at a time
     * @param handler processes one record
     * @param settings the loop's settings
     * @param stats counters to update; the loop's gauges are {@code stats.loop(settings.name())}
     * @param time the clock for commit intervals, timeouts and due times
     * @param gatewayDown true while the gateway's circuit is open: partitions stay paused
     * @param dueTime when a record may be processed; {@link DueTime#NOW} for at once
     * @param partitionListener told of assigned and removed partitions
     */
    public PollLoop(Consumer<byte[], ConsumedValue> consumer, KeyOrderedExecutor executor, RecordHandler handler,
                    Settings settings, DispatcherStats stats, Time time, BooleanSupplier gatewayDown,
                    DueTime dueTime, PartitionListener partitionListener) {
        this.gauges = stats.loop(settings.name());
        this.dueTime = dueTime;
        this.partitionListener = partitionListener;
        this.consumer = consumer;
        this.inFlight = new InFlightRecords(executor, handler, tracker, stats);
        this.settings = settings;
        this.time = time;
        this.commits = new OffsetCommits(consumer, tracker, time, settings.name(), settings.commitIntervalMs(),
                gauges);
        this.pauses = new PartitionPauses(consumer, time, settings.name(), settings.maxInFlight(), gauges,
                gatewayDown);
    }

    @Override
    public void run() {
        try {
            subscribe();
            commits.start();
            while (!stopping && fatal == null) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                fatal = e;
                LOG.error("Consumer woken up unexpectedly", e);
            }
        } catch (Throwable t) {
            fatal = t;
            LOG.error("Poll loop failed", t);
        } finally {
            try {
                closeGracefully();
            } finally {
                finished.countDown();
            }
        }
    }

    /** Subscribes to the topic with the rebalance listener. */
    void subscribe() {
        consumer.subscribe(settings.topics(), new Rebalance());
    }

    /** Polls once, then dispatches, collects completions, applies back-pressure and commits if due. */
    void pollOnce() {
        pauses.releaseDue();
        if (!buffered.isEmpty() && !pauses.allPaused() && !pauses.inStallHold(time.milliseconds())) {
            dispatchBuffered();
            pauses.sync(buffered.keySet()); // resume what the buffers no longer hold before polling
        }
        boolean waiting = pauses.allPaused() || !buffered.isEmpty();
        ConsumerRecords<byte[], ConsumedValue> records;
        try {
            records = consumer.poll(waiting ? Duration.ZERO : POLL_TIMEOUT);
        } catch (RecordDeserializationException e) {
            if (!(e.getCause() instanceof RegistryUnavailableException)) {
                throw e;
            }
            // The position stays at the record: it is read again once the registry answers.
            LOG.warn("Schema registry unavailable reading partition {} offset {}, retrying in {} ms: {}",
                    e.topicPartition(), e.offset(), REGISTRY_RETRY_MS, e.getCause().getMessage());
            gauges.recordPoll(System.nanoTime());
            drainCompletions(REGISTRY_RETRY_MS);
            return;
        }
        gauges.recordPoll(System.nanoTime());
        long now = time.milliseconds();
        noteStall(now, records.count());
        if (pauses.inStallHold(now)) {
            // Read them again after the hold, if the partitions are still ours.
            for (TopicPartition tp : records.partitions()) {
                consumer.seek(tp, records.records(tp).get(0).offset());
            }
        } else if (!records.isEmpty()) {
            distribute(records, now);
        }
        drainCompletions(waiting && records.isEmpty() ? COMPLETION_WAIT_MS : 0);
        pauses.applyBackPressure(tracker.inFlight(), buffered.keySet());
        commits.maybeCommit();
    }

    /**
     * A gap between two polls longer than the stall threshold means this member may have been fenced meanwhile:
     * nothing is dispatched and every partition stays paused for {@code stallHoldMs}.
     */
    private void noteStall(long now, int records) {
        long gapMs = lastPollReturnMs < 0 ? 0 : now - lastPollReturnMs;
        lastPollReturnMs = now;
        if (gapMs > settings.stallThresholdMs()) {
            pauses.holdAfterStall(now + settings.stallHoldMs());
            LOG.warn("{}: {} ms since the previous poll, more than the session timeout ({} ms): this member may have "
                            + "been fenced; holding {} records and pausing partitions for {} ms", settings.name(),
                    gapMs, settings.stallThresholdMs(), records, settings.stallHoldMs());
        }
    }

    /**
     * Dispatches polled records whose partition has room and that are due; holds a partition at a record not yet
     * due, buffers records past a partition's share, and seeks back where a buffer is full.
     */
    private void distribute(ConsumerRecords<byte[], ConsumedValue> records, long now) {
        int share = partitionShare();
        Set<TopicPartition> refetch = new HashSet<>();
        for (ConsumerRecord<byte[], ConsumedValue> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (pauses.isHeld(tp) || refetch.contains(tp)) {
                continue; // read again after the seek, once due or once the buffer has room
            }
            ArrayDeque<ConsumerRecord<byte[], ConsumedValue>> buffer = buffered.get(tp);
            if (buffer != null) {
                if (buffer.size() >= share) {
                    // A buffer holds at most the partition's share: past it, fetch again later rather than hold.
                    consumer.seek(tp, record.offset());
                    refetch.add(tp);
                } else {
                    buffer.addLast(record); // behind the records already waiting for room
                }
                continue;
            }
            long due = dueTime.dueMs(record);
            if (due > now) {
                pauses.hold(tp, record.offset(), due);
            } else if (tracker.inFlight(tp) >= share) {
                buffer = new ArrayDeque<>();
                buffer.addLast(record);
                buffered.put(tp, buffer);
            } else {
                inFlight.dispatch(record);
            }
        }
    }

    /**
     * Asks the loop to stop: it wakes the consumer, drains and commits (bounded by {@code shutdown.timeout.ms}) and
     * closes the consumer. Returns at once; see {@link #awaitTermination(long)}.
     */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /**
     * Waits for the loop to end.
     *
     * @param timeoutMs how long to wait, in ms
     * @return true if it ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** @return the error that ended the loop, or null if it ended on {@link #stop()} or is running */
    public Throwable fatalError() {
        return fatal;
    }

    /**
     * Dispatches buffered records while their partition has room; a record not yet due holds its partition there
     * (seek back, the rest of the buffer is read again later).
     */
    private void dispatchBuffered() {
        int share = partitionShare();
        long now = time.milliseconds();
        for (Iterator<Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], ConsumedValue>>>> it =
                buffered.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], ConsumedValue>>> entry = it.next();
            TopicPartition tp = entry.getKey();
            ArrayDeque<ConsumerRecord<byte[], ConsumedValue>> buffer = entry.getValue();
            while (!buffer.isEmpty() && tracker.inFlight(tp) < share) {
                ConsumerRecord<byte[], ConsumedValue> record = buffer.peekFirst();
                long due = dueTime.dueMs(record);
                if (due > now) {
                    pauses.hold(tp, record.offset(), due);
                    buffer.clear();
                    break;
                }
                inFlight.dispatch(buffer.pollFirst());
            }
            if (buffer.isEmpty()) {
                it.remove();
            }
        }
    }

    /** @return records one partition may have in flight: its share of max.in.flight, see the class comment */
    private int partitionShare() {
        int assigned = Math.max(1, consumer.assignment().size());
        int share = (settings.maxInFlight() + assigned - 1) / assigned;
        return Math.min(settings.maxInFlight(), Math.max(MIN_PARTITION_SHARE, share));
    }

    /**
     * Applies the completions reported so far; stops the loop at a record whose outcome could not be recorded.
     *
     * @param waitMs how long to wait for the first one, in ms; 0 does not wait
     */
    private void drainCompletions(long waitMs) {
        try {
            inFlight.drain(waitMs, this::failed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** The outcome could not be written to Kafka: committing past this record would lose it. */
    private void failed(Completion completion, Throwable error) {
        // Stop; the records from the last commit on are re-delivered (at-least-once).
        if (fatal == null) {
            fatal = error;
            LOG.error("Could not record the outcome of partition {} offset {}; stopping without committing it",
                    completion.partition(), completion.offset(), error);
        }
    }

    /**
     * Waits for the running records of some partitions to complete.
     *
     * @return true if none is left, false if the timeout passed first or a fatal error happened
     */
    private boolean awaitRunning(Collection<TopicPartition> partitions, long timeoutMs) {
        long deadline = time.milliseconds() + timeoutMs;
        while (tracker.awaited(partitions) > 0 && fatal == null) {
            long remaining = deadline - time.milliseconds();
            if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            drainCompletions(Math.min(remaining, 100));
        }
        return fatal == null;
    }

    private void closeGracefully() {
        closing = true;
        buffered.clear(); // never dispatched: the next owner reads them from the committed offset
        try {
            List<TopicPartition> owned = List.copyOf(tracker.partitions());
            inFlight.dropQueued(owned);
            if (!awaitRunning(owned, settings.shutdownTimeoutMs())) {
                LOG.warn("Shutdown: {} records still running after {} ms; they will be re-delivered",
                        tracker.awaited(owned), settings.shutdownTimeoutMs());
            }
            commits.commitSync(owned);
        } catch (KafkaException e) {
            LOG.warn("Final commit failed; records since the last commit will be re-delivered: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("Error while draining", e);
        } finally {
            try {
                // Leave the group even as a static member (group.instance.id), whose default is to stay: a
                // stopped process hands its partitions over now, not after session.timeout.ms.
                consumer.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(CLOSE_TIMEOUT));
            } catch (RuntimeException e) {
                LOG.warn("Error closing the consumer: {}", e.toString());
            }
            LOG.info("{}: consumer closed", settings.name());
        }
    }

    /** Cooperative rebalance handling; Kafka calls it on the poll thread, from inside poll or close. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            tracker.assigned(partitions);
            pauses.assigned(partitions);
            LOG.info("{}: assigned {}", settings.name(), partitionsByName(partitions).keySet());
            if (partitionListener != PartitionListener.NONE) {
                partitionListener.assigned(commits.startOffsets(partitions));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("{}: revoking {}", settings.name(), partitionsByName(partitions).keySet());
            inFlight.dropQueued(partitions);
            // While closing, the drain already waited; the revoke that close() triggers must not wait again.
            if (!awaitRunning(partitions, closing ? 0 : settings.shutdownTimeoutMs())) {
                LOG.warn("Revoke: {} records still running after {} ms; the next owner re-delivers them",
                        tracker.awaited(partitions), settings.shutdownTimeoutMs());
            }
            try {
                commits.commitSync(partitions);
            } catch (KafkaException e) {
                LOG.warn("Commit on revoke failed; the next owner re-delivers records since the last commit: {}",
                        e.toString());
            } finally {
                forget(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.warn("{}: lost {} without committing; their records in flight may be sent twice",
                    settings.name(), partitionsByName(partitions).keySet());
            inFlight.dropQueued(partitions);
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            tracker.removed(partitions);
            pauses.removed(partitions);
            partitions.forEach(buffered::remove);
            partitionListener.removed(partitions);
            commits.publish();
        }

        private Map<String, TopicPartition> partitionsByName(Collection<TopicPartition> partitions) {
            Map<String, TopicPartition> map = new TreeMap<>();
            partitions.forEach(tp -> map.put(tp.toString(), tp));
            return map;
        }
    }
}
