package io.herald.ingest.callback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.api.BatchRequest;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.StatusCallbackTarget;
import io.herald.schema.Topics;
import io.herald.serde.PoisonRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the final state of each message of a batch with a {@code statusCallbackUrl} into POSTs of up to
 * {@value #MAX_EVENTS} events, and hands them to the callback sender through {@value Topics#STATUS_CALLBACKS}.
 *
 * <p>It reads {@value Topics#STATUS} in a consumer group, and {@value Topics#STATUS_CALLBACK_TARGETS} whole (every
 * instance, no group). A final event ({@link #FINAL}: DELIVERED, UNDELIVERED, FAILED, EXPIRED, REJECTED, SUPPRESSED,
 * CANCELLED) of a batch with a target joins its (client, URL)'s pending POST; one with no target known is looked up
 * again after reading the targets topic up to its end offsets as they are then: ingest writes a batch's target, and
 * waits for its acknowledgement, before the batch's requests, so a status event's target, if any, is below those
 * offsets. A pending POST is written once it holds {@value #MAX_EVENTS} events or its first event waited
 * {@link #LINGER}, as UTF-8 JSON {@code {"callbackUrl", "clientId", "event": "message.status", "delivery": <uuid>,
 * "body": {"events": [...]}}} keyed by client id; each event is
 * {@code {"messageId", "batchId", "state", "at", "attempt", "segments", "gateway", "gatewayMessageId", "errorCode",
 * "errorText"}} (absent fields omitted).
 *
 * <p>At least once: a partition of {@value Topics#STATUS} is committed ({@link PartitionProgress}) only up to its
 * first event whose POST was not yet acknowledged by Kafka, so a crash re-reads, and sends again, what was not
 * handed on; a receiver tells a repeat by the event's {@code messageId} and {@code state}. On a revoke the pending
 * POSTs are written and acknowledged first, then the partitions committed.
 *
 * <p>Memory is bounded: at most {@value #MAX_TARGETS} targets are kept (the oldest go first, with a WARN: a batch still
 * sending after that many newer batches with a status callback loses its later events), and at most
 * {@value #MAX_WITHOUT_TARGET} batch ids known to have none.
 */
public final class StatusCallbackBatcher implements Managed {

    /** The states that end a message, whose events are POSTed. */
    public static final Set<DeliveryState> FINAL = EnumSet.of(DeliveryState.DELIVERED, DeliveryState.UNDELIVERED,
            DeliveryState.FAILED, DeliveryState.EXPIRED, DeliveryState.REJECTED, DeliveryState.SUPPRESSED,
            DeliveryState.CANCELLED);
    /** The most events one POST carries. */
    public static final int MAX_EVENTS = BatchRequest.MAX_STATUS_EVENTS_PER_POST;
    /** The longest a POST's first event waits for others. */
    public static final Duration LINGER = Duration.ofSeconds(1);
    /** The most targets kept. */
    static final int MAX_TARGETS = 200_000;
    /** The most batch ids kept that are known to have no target. */
    static final int MAX_WITHOUT_TARGET = 100_000;
    /** The event name of the POSTs, in the {@code Herald-Event} header. */
    public static final String EVENT = "message.status";

    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbackBatcher.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TARGETS_POLL = Duration.ofMillis(100);
    private static final long COMMIT_INTERVAL_MS = 1_000;
    private static final long RESTART_BACKOFF_MS = 1_000;
    private static final long STOP_WAIT_MS = 5_000;

    /** Events of one (client, URL) waiting to be written, and where they were read. */
    private static final class Pending {
        final StatusCallbackTarget target;
        final long firstAtMs;
        final List<ObjectNode> events = new ArrayList<>();
        final List<PartitionProgress> progresses = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();

        Pending(StatusCallbackTarget target, long firstAtMs) {
            this.target = target;
            this.firstAtMs = firstAtMs;
        }
    }

    private final Consumer<String, byte[]> statusConsumer;
    private final Consumer<String, byte[]> targetConsumer;
    private final Producer<String, byte[]> producer;
    private final Deserializer<DeliveryStatus> statuses;
    private final Deserializer<StatusCallbackTarget> targetValues;
    private final ObjectMapper json;
    private final Clock clock;
    /** Batch id → target, oldest first. The loop thread's only. */
    private final LinkedHashMap<String, StatusCallbackTarget> targets = new LinkedHashMap<>();
    /** Batch ids known to have no target, oldest first. The loop thread's only. */
    private final LinkedHashMap<String, Boolean> withoutTarget = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
    /** Writes acknowledged (or failed, as null) by Kafka, handed from the producer's thread to the loop's. */
    private final ConcurrentLinkedQueue<Runnable> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String lastError;
    private volatile Thread thread;
    private long lastCommitMs;
    private int evicted;

    /**
     * @param statusConsumer a consumer of {@value Topics#STATUS} in the batcher's group, byte-array values, no auto
     *     commit; closed on stop
     * @param targetConsumer a consumer without a group for {@value Topics#STATUS_CALLBACK_TARGETS}; closed on stop
     * @param producer writes {@value Topics#STATUS_CALLBACKS} ({@code acks=all}); closed on stop
     * @param statuses reads {@link DeliveryStatus} values (Confluent wire format)
     * @param targetValues reads {@link StatusCallbackTarget} values
     * @param json writes the POSTs' JSON
     * @param clock the linger's clock
     */
    public StatusCallbackBatcher(Consumer<String, byte[]> statusConsumer, Consumer<String, byte[]> targetConsumer,
                                 Producer<String, byte[]> producer, Deserializer<DeliveryStatus> statuses,
                                 Deserializer<StatusCallbackTarget> targetValues, ObjectMapper json, Clock clock) {
        this.statusConsumer = statusConsumer;
        this.targetConsumer = targetConsumer;
        this.producer = producer;
        this.statuses = statuses;
        this.targetValues = targetValues;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void start() {
        running.set(true);
        thread = new Thread(this::run, "herald-status-callbacks");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops: wakes the loop, which writes what is pending, commits what Kafka acknowledged and closes its clients;
     * waits up to {@value #STOP_WAIT_MS} ms for it.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public void stop() throws InterruptedException {
        running.set(false);
        statusConsumer.wakeup();
        targetConsumer.wakeup();
        if (thread != null) {
            thread.join(STOP_WAIT_MS);
        }
    }

    /** @return why the loop is failing, or null while it runs well */
    public String problem() {
        return lastError;
    }

    private void run() {
        try {
            assignTargets();
            statusConsumer.subscribe(List.of(Topics.STATUS), new Rebalance());
            while (running.get()) {
                try {
                    pollOnce();
                    lastError = null;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A registry or broker gone, a commit refused: go on from the committed offsets after a pause.
                    lastError = e.toString();
                    LOG.error("Status callback batcher failed; going on from the committed offsets in {} ms: {}",
                            RESTART_BACKOFF_MS, e.toString());
                    restartFromCommitted();
                    Thread.sleep(RESTART_BACKOFF_MS);
                }
            }
        } catch (WakeupException e) {
            // stop()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void assignTargets() {
        List<TopicPartition> all = new ArrayList<>();
        for (PartitionInfo info : targetConsumer.partitionsFor(Topics.STATUS_CALLBACK_TARGETS)) {
            all.add(new TopicPartition(info.topic(), info.partition()));
        }
        targetConsumer.assign(all);
        targetConsumer.seekToBeginning(all);
        catchUpTargets();
    }

    /** Reads the targets topic up to its end offsets as they are now. */
    private void catchUpTargets() {
        Map<TopicPartition, Long> ends = targetConsumer.endOffsets(targetConsumer.assignment());
        while (ends.entrySet().stream().anyMatch(end -> targetConsumer.position(end.getKey()) < end.getValue())) {
            for (ConsumerRecord<String, byte[]> record : targetConsumer.poll(TARGETS_POLL)) {
                addTarget(record);
            }
        }
    }

    private void addTarget(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            targets.remove(record.key());
            return;
        }
        StatusCallbackTarget target;
        try {
            target = targetValues.deserialize(record.topic(), record.value());
        } catch (PoisonRecordException e) {
            LOG.warn("Unreadable status callback target at {}-{}@{} skipped: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        withoutTarget.remove(target.getBatchId());
        targets.put(target.getBatchId(), target);
        if (targets.size() > MAX_TARGETS) {
            Iterator<String> oldest = targets.keySet().iterator();
            oldest.next();
            oldest.remove();
            if (evicted++ % 1000 == 0) {
                LOG.warn("More than {} status callback targets: the oldest are forgotten ({} so far); a batch still "
                        + "sending after that many newer ones loses its later status callbacks", MAX_TARGETS, evicted);
            }
        }
    }

    private void pollOnce() {
        boolean caughtUp = false;
        for (ConsumerRecord<String, byte[]> record : statusConsumer.poll(POLL)) {
            PartitionProgress progress = partitions.get(new TopicPartition(record.topic(), record.partition()));
            if (progress == null) {
                continue;
            }
            DeliveryStatus status = readStatus(record);
            if (status == null || !FINAL.contains(status.getState())) {
                progress.skip(record.offset());
                continue;
            }
            if (!caughtUp && !targets.containsKey(status.getBatchId())
                    && !withoutTarget.containsKey(status.getBatchId())) {
                catchUpTargets();
                caughtUp = true;
            }
            StatusCallbackTarget target = targets.get(status.getBatchId());
            if (target == null) {
                noTarget(status.getBatchId());
                progress.skip(record.offset());
                continue;
            }
            progress.read(record.offset());
            String receiver = target.getClientId() + " " + target.getStatusCallbackUrl();
            Pending batch = pending.computeIfAbsent(receiver, key -> new Pending(target, clock.millis()));
            batch.events.add(event(status));
            batch.progresses.add(progress);
            batch.offsets.add(record.offset());
            if (batch.events.size() >= MAX_EVENTS) {
                write(pending.remove(receiver));
            }
        }
        writeLingered(clock.millis());
        drainAcknowledged();
        if (clock.millis() - lastCommitMs >= COMMIT_INTERVAL_MS) {
            commit(partitions.values());
        }
    }

    private void noTarget(String batchId) {
        withoutTarget.put(batchId, Boolean.TRUE);
        if (withoutTarget.size() > MAX_WITHOUT_TARGET) {
            Iterator<String> oldest = withoutTarget.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private DeliveryStatus readStatus(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return statuses.deserialize(record.topic(), record.value());
        } catch (PoisonRecordException e) {
            return null; // not a status Herald can read: the status view reports it; nothing to POST
        }
    }

    private ObjectNode event(DeliveryStatus status) {
        ObjectNode event = json.createObjectNode()
                .put("messageId", status.getMessageId())
                .put("batchId", status.getBatchId())
                .put("state", status.getState().name())
                .put("at", status.getTimestamp().toString())
                .put("attempt", status.getAttempt())
                .put("segments", status.getSegments());
        putIfSet(event, "gateway", status.getGateway());
        putIfSet(event, "gatewayMessageId", status.getGatewayMessageId());
        putIfSet(event, "errorCode", status.getErrorCode());
        putIfSet(event, "errorText", status.getErrorText());
        return event;
    }

    private static void putIfSet(ObjectNode node, String field, CharSequence value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private void writeLingered(long nowMs) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending batch = it.next();
            if (nowMs - batch.firstAtMs >= LINGER.toMillis()) {
                it.remove();
                write(batch);
            }
        }
    }

    /** Writes one POST's record; once Kafka acknowledges it, its events' offsets are finished. */
    private void write(Pending batch) {
        ObjectNode record = json.createObjectNode()
                .put("callbackUrl", batch.target.getStatusCallbackUrl())
                .put("clientId", batch.target.getClientId())
                .put("event", EVENT)
                .put("delivery", UUID.randomUUID().toString());
        ArrayNode events = record.putObject("body").putArray("events");
        batch.events.forEach(events::add);
        byte[] value;
        try {
            value = json.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        producer.send(new ProducerRecord<>(Topics.STATUS_CALLBACKS, batch.target.getClientId(), value),
                (metadata, error) -> {
                    if (error == null) {
                        acknowledged.add(() -> {
                            for (int i = 0; i < batch.offsets.size(); i++) {
                                batch.progresses.get(i).finish(batch.offsets.get(i));
                            }
                        });
                    } else {
                        // Not finished: the partition is not committed past these events; the loop restarts from
                        // the committed offsets and reads them again.
                        acknowledged.add(() -> {
                            throw new IllegalStateException("status callbacks not written: " + error, error);
                        });
                    }
                });
    }

    private void drainAcknowledged() {
        Runnable done;
        while ((done = acknowledged.poll()) != null) {
            done.run();
        }
    }

    /** Writes every pending POST and waits for Kafka's acknowledgements. */
    private void flushAll() {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        all.forEach(this::write);
        producer.flush();
        drainAcknowledged();
    }

    private void commit(Collection<PartitionProgress> progresses) {
        lastCommitMs = clock.millis();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionProgress progress : progresses) {
            OptionalLong point = progress.commitPoint();
            if (point.isPresent() && point.getAsLong() > progress.committed()) {
                offsets.put(progress.partition(), new OffsetAndMetadata(point.getAsLong()));
            }
        }
        if (!offsets.isEmpty()) {
            statusConsumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> partitions.get(partition).committed(offset.offset()));
        }
    }

    private void restartFromCommitted() {
        pending.clear();
        acknowledged.clear();
        partitions.replaceAll((partition, stale) -> {
            stale.revoke();
            return new PartitionProgress(partition);
        });
        Map<TopicPartition, OffsetAndMetadata> committed = statusConsumer.committed(statusConsumer.assignment());
        for (TopicPartition partition : statusConsumer.assignment()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                statusConsumer.seekToBeginning(List.of(partition));
            } else {
                statusConsumer.seek(partition, offset);
            }
        }
    }

    private void close() {
        try {
            flushAll();
            commit(partitions.values());
        } catch (RuntimeException e) {
            LOG.warn("Status callbacks not all written or committed on stop; the next owner sends them again: {}",
                    e.toString());
        } finally {
            statusConsumer.close();
            targetConsumer.close();
            producer.close();
        }
    }

    /** Runs in the loop thread, inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            try {
                flushAll();
                List<PartitionProgress> progresses = new ArrayList<>();
                revoked.forEach(partition -> {
                    PartitionProgress progress = partitions.get(partition);
                    if (progress != null) {
                        progresses.add(progress);
                    }
                });
                commit(progresses);
            } catch (RuntimeException e) {
                LOG.warn("Status callbacks of revoked partitions {} not committed; their next owner sends them "
                        + "again: {}", revoked, e.toString());
            }
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            forget(lost);
        }

        /** Ends the partitions' progress: an acknowledgement that comes later changes nothing. */
        private void forget(Collection<TopicPartition> gone) {
            gone.forEach(partition -> {
                PartitionProgress progress = partitions.remove(partition);
                if (progress != null) {
                    progress.revoke();
                }
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assigned.forEach(partition -> partitions.put(partition, new PartitionProgress(partition)));
        }
    }
}
