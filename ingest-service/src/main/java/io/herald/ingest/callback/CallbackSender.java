package io.herald.ingest.callback;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.core.CallbackKeys;
import io.herald.ingest.core.CallbackTargets;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends completion callbacks: reads {@code notify.batches.completed} in a consumer group and POSTs each batch's final
 * counters (JSON, {@code Content-Type: application/json}) to its {@code callbackUrl}, with the headers
 * {@value CallbackSignature#HEADER} (HMAC-SHA256 under the batch's client key, see {@link CallbackSignature}),
 * {@value #EVENT_HEADER}{@code : batch.completed} and {@value #DELIVERY_HEADER}{@code : <batchId>}.
 *
 * <p>A 2xx answer delivers it. A 408, 429, 5xx, timeout or connection failure is retried with exponential backoff
 * ({@code initialBackoff} doubled up to {@code maxBackoff}; a {@code Retry-After} in seconds wins, up to
 * {@code maxBackoff}) up to {@code maxAttempts} POSTs; any other status gives up at once. Redirects are not followed.
 * A URL that {@link CallbackTargets} refuses (plain http not allowed, not among its client's hosts, a special-purpose
 * address) is given up at once: its host is resolved by {@link CallbackTargets#resolve(String)} only, so the
 * addresses checked are the ones connected to. One POST takes at most {@code timeout}, from connect to the response's
 * status line and headers; the response body is not read.
 *
 * <p>One client's slow or failing receiver does not delay another client's callbacks. The consumer thread only reads
 * records and hands each callback to its client's queue ({@link ClientQueues}); {@code threads} workers POST them,
 * at most {@code maxConcurrentPerClient} at a time for one client, so a receiver that takes the whole {@code timeout}
 * on every POST holds at most that many workers. A callback waiting for its next attempt holds no thread and blocks
 * nothing. Memory is bounded: at most {@code maxPending} callbacks are held (queued, in flight or waiting to be
 * retried) in all; at that many the consumer pauses its partitions, polling on so that it stays in the group, until
 * fewer are held (a record polled past the bound is sought back to and read again later). At most
 * {@code maxPendingPerClient} are held for one client; that client's next callbacks are given up at once (logged at
 * WARN with the client id, metered {@code abandoned}) rather than making the others wait.
 *
 * <p>Offsets: each partition is committed, from the consumer thread only, up to its first callback not yet delivered
 * or given up ({@link PartitionProgress}), so a callback survives a crash: it is delivered at least once, and a
 * receiver that sees one twice knows it by {@value #DELIVERY_HEADER}. Callbacks of one partition may therefore be
 * sent out of order, and those after an unfinished one are sent again after a crash. On a rebalance a revoked
 * partition is committed up to its first unfinished callback, then its callbacks still held are dropped (its next
 * owner sends them again); a lost one is dropped without a commit.
 *
 * <p>An error in the loop (a commit refused after a rebalance, a broker gone, a bug) does not end it: it goes on from
 * the committed offsets after a pause ({@value #INITIAL_RESTART_BACKOFF_MS} ms, doubled up to
 * {@value #MAX_RESTART_BACKOFF_MS} ms), and {@link #problem()} (the {@code callbacks} health check) reports it until a
 * poll succeeds again.
 *
 * <p>The same sender, on {@code notify.status-callbacks}, POSTs the status events {@link StatusCallbackBatcher}
 * gathered: each record names its event ({@value StatusCallbackBatcher#EVENT}), its delivery id and its body.
 *
 * <p>Metrics: meters {@code io.herald.ingest.callbacks.delivered}, {@code .retried} and {@code .abandoned}
 * ({@code io.herald.ingest.statusCallbacks.*} on {@code notify.status-callbacks}).
 */
public final class CallbackSender implements Managed {

    /** The header naming the event: {@value #BATCH_COMPLETED} or {@value StatusCallbackBatcher#EVENT}. */
    public static final String EVENT_HEADER = "Herald-Event";
    /** The meters' prefix of completion callbacks. */
    public static final String COMPLETION_METERS = "io.herald.ingest.callbacks";
    /** The meters' prefix of the status callback batcher's POSTs ({@code notify.status-callbacks}). */
    public static final String STATUS_METERS = "io.herald.ingest.statusCallbacks";
    /** The event of a completion callback. */
    public static final String BATCH_COMPLETED = "batch.completed";
    /** The header with the batch id, the same on every attempt, for receivers that drop duplicates. */
    public static final String DELIVERY_HEADER = "Herald-Delivery";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** First pause after the loop failed, in ms; doubled after each failure in a row. */
    static final long INITIAL_RESTART_BACKOFF_MS = 1_000;
    /** Longest pause after the loop failed, in ms. */
    static final long MAX_RESTART_BACKOFF_MS = 60_000;
    /** Longest wait in {@link #stop()} for the thread to end, in ms. */
    static final long STOP_WAIT_MS = 2_000;

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final CallbackKeys keys;
    private final CallbackFactory settings;
    private final CallbackTargets targets;
    private final CallbackPoster poster;
    private final ObjectMapper json;
    private final Clock clock;
    private final Meter delivered;
    private final Meter retried;
    private final Meter abandoned;
    private final AtomicBoolean running = new AtomicBoolean();
    /** The assigned partitions' progress; the consumer thread's only. */
    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
    private final ClientQueues queues;
    private final AtomicLong restarts = new AtomicLong();
    private volatile String lastError;
    private volatile boolean stopped;
    private volatile Thread thread;

    /**
     * @param consumer a consumer in the callback group ({@code read_committed}, no auto commit); closed on stop
     * @param topic {@code notify.batches.completed}; the meters are {@value #COMPLETION_METERS}{@code .*}
     * @param keys the signing keys
     * @param settings timeouts, attempts and backoff
     * @param targets where callbacks may go; its resolver is the HTTP client's
     * @param json the mapper that reads the records
     * @param metrics where the meters go
     * @param clock the signatures' time
     */
    public CallbackSender(Consumer<String, byte[]> consumer, String topic, CallbackKeys keys, CallbackFactory settings,
                          CallbackTargets targets, ObjectMapper json, MetricRegistry metrics, Clock clock) {
        this(consumer, topic, keys, settings, targets, json, metrics, COMPLETION_METERS, clock);
    }

    /**
     * @param consumer a consumer in the sender's group ({@code read_committed}, no auto commit); closed on stop
     * @param topic {@code notify.batches.completed} or {@code notify.status-callbacks}
     * @param keys the signing keys
     * @param settings timeouts, attempts and backoff
     * @param targets where callbacks may go; its resolver is the HTTP client's
     * @param json the mapper that reads the records
     * @param metrics where the meters go
     * @param meters the meters' name prefix: {@value #COMPLETION_METERS} or {@value #STATUS_METERS}
     * @param clock the signatures' time
     */
    public CallbackSender(Consumer<String, byte[]> consumer, String topic, CallbackKeys keys, CallbackFactory settings,
                          CallbackTargets targets, ObjectMapper json, MetricRegistry metrics, String meters,
                          Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.keys = keys;
        this.settings = settings;
        this.targets = targets;
        this.json = json;
        this.clock = clock;
        this.poster = new CallbackPoster(targets, settings.getThreads(), settings.getTimeout(), clock);
        this.delivered = metrics.meter(meters + ".delivered");
        this.retried = metrics.meter(meters + ".retried");
        this.abandoned = metrics.meter(meters + ".abandoned");
        this.queues = new ClientQueues(settings.getThreads(), settings.getMaxConcurrentPerClient(),
                settings.getMaxPendingPerClient(), settings.getMaxAttempts(),
                Duration.ofMillis(settings.getInitialBackoff().toMilliseconds()),
                Duration.ofMillis(settings.getMaxBackoff().toMilliseconds()), this::post, delivered, retried,
                abandoned);
    }

    @Override
    public void start() {
        running.set(true);
        thread = new Thread(this::run, "herald-callbacks-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops: starts no more POSTs, waits up to {@value #STOP_WAIT_MS} ms for those in flight, then aborts what is left
     * (a POST may take up to {@code callbacks.timeout}); then wakes the consumer and waits up to {@value #STOP_WAIT_MS}
     * ms more for its thread to commit what finished and close it. A callback not finished then is not committed, so
     * the partition's next owner delivers it again (receivers tell a repeat by {@value #DELIVERY_HEADER}).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public void stop() throws InterruptedException {
        queues.shutdown();
        if (!queues.awaitPosts(STOP_WAIT_MS)) {
            LOG.warn("Callback POSTs still in flight {} ms after stop; aborting them, their callbacks are delivered"
                    + " again by the next owner", STOP_WAIT_MS);
            poster.abort();
            queues.shutdownNow();
        }
        running.set(false);
        consumer.wakeup();
        if (thread != null) {
            thread.join(STOP_WAIT_MS);
            if (thread.isAlive()) {
                LOG.warn("Callback consumer still busy {} ms after stop", STOP_WAIT_MS);
            }
        }
        poster.close();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            ExponentialBackoff restartBackoff = new ExponentialBackoff(INITIAL_RESTART_BACKOFF_MS, 2,
                    MAX_RESTART_BACKOFF_MS, 0);
            int failuresInARow = 0;
            boolean rewind = false;
            while (running.get()) {
                try {
                    if (rewind) {
                        restartFromCommitted();
                        rewind = false;
                    }
                    pollAndDeliver();
                    failuresInARow = 0;
                    lastError = null;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A commit refused after a rebalance, a broker gone, a bug: the loop goes on from the committed
                    // offsets after a pause, instead of ending and leaving every callback unsent.
                    restarts.incrementAndGet();
                    lastError = e.toString();
                    long backoffMs = restartBackoff.backoff(failuresInARow++);
                    LOG.error("Callback sender failed; going on from the committed offsets in {} ms: {}", backoffMs,
                            e.toString(), e);
                    if (!pause(backoffMs)) {
                        return;
                    }
                    rewind = true;
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("Callback consumer woken up unexpectedly", e);
                lastError = e.toString();
            }
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.error("Callback sender stopped: {}", e.toString(), e);
        } finally {
            stopped = true;
            commitOnClose();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * One turn of the consumer thread: pauses every assigned partition while {@code maxPending} callbacks are held
     * (resumes them below it), polls, hands each record's callback to its client's queue, and commits each partition
     * up to its first unfinished callback. A record that would go past {@code maxPending} is read again later (its
     * partition is sought back to it).
     */
    void pollAndDeliver() {
        if (queues.pending() >= settings.getMaxPending()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        for (TopicPartition partition : records.partitions()) {
            PartitionProgress progress = progress(partition);
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!running.get()) {
                    return;
                }
                if (queues.pending() >= settings.getMaxPending()) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                Optional<Callback> callback = parse(record);
                if (callback.isEmpty()) {
                    progress.skip(record.offset());
                } else {
                    progress.read(record.offset());
                    queues.offer(progress, record.offset(), callback.get());
                }
            }
        }
        commit(partitions.values());
    }

    /** The progress of an assigned partition (created if the listener did not run, as after a manual assign). */
    private PartitionProgress progress(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, PartitionProgress::new);
    }

    /** Commits each partition up to its first unfinished callback, where that is past its last commit. */
    private void commit(Collection<PartitionProgress> progresses) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<PartitionProgress, Long> points = new HashMap<>();
        for (PartitionProgress progress : progresses) {
            OptionalLong point = progress.commitPoint();
            if (point.isPresent() && point.getAsLong() > progress.committed()) {
                offsets.put(progress.partition(), new OffsetAndMetadata(point.getAsLong()));
                points.put(progress, point.getAsLong());
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            points.forEach(PartitionProgress::committed);
        }
    }

    /** At the end of the thread: commits what finished, if the consumer still can. */
    private void commitOnClose() {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                commit(partitions.values());
                return;
            } catch (WakeupException e) {
                // the stop's wakeup, not yet consumed by a poll: once more
            } catch (RuntimeException e) {
                LOG.warn("Callback offsets not committed at stop: {}", e.toString());
                return;
            }
        }
    }

    /** Ends an assignment: its queued callbacks are dropped, and nothing more is committed for it. */
    private void revoke(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionProgress progress = partitions.remove(partition);
            if (progress != null) {
                progress.revoke();
                queues.drop(progress);
            }
        }
    }

    /**
     * After a failure: every callback held is dropped, and the partitions are read again from the committed offsets.
     */
    private void restartFromCommitted() {
        revoke(List.copyOf(partitions.keySet()));
        rewindToCommitted();
        for (TopicPartition partition : consumer.assignment()) {
            progress(partition);
        }
    }

    /** Waits, polling nothing (the consumer's heartbeat thread keeps it in the group); false if stopping. */
    private boolean pause(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (running.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running.get();
    }

    /**
     * The sender's health, for {@code /healthcheck}.
     *
     * @return empty while it runs without error; else what is wrong: not started, stopped, or the last error since
     *     which it has not yet completed a poll
     */
    public Optional<String> problem() {
        if (thread == null) {
            return Optional.of("not started");
        }
        if (stopped || !thread.isAlive()) {
            return Optional.of("stopped" + (lastError == null ? "" : " after " + lastError));
        }
        String error = lastError;
        return error == null ? Optional.empty()
                : Optional.of("failing (" + restarts.get() + " restarts so far), last error: " + error);
    }

    /** @return the callbacks held now: queued, in flight or waiting to be retried */
    int pending() {
        return queues.pending();
    }

    private Optional<Callback> parse(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode node = json.readTree(record.value());
            JsonNode url = node.get("callbackUrl");
            if (url == null || url.isNull()) {
                return Optional.empty();
            }
            JsonNode client = node.get("clientId");
            String clientId = client == null || client.isNull() ? null : client.asText();
            Optional<byte[]> key = keys.keyFor(clientId);
            if (key.isEmpty()) {
                abandoned.mark();
                LOG.warn("Callback of batch {} not sent: client {} has no signing key any more", record.key(),
                        clientId == null ? CallbackKeys.DEFAULT_CLIENT : clientId);
                return Optional.empty();
            }
            // A completion: the batch id and its counters; a POST of status events: its own delivery id and body.
            JsonNode event = node.get("event");
            JsonNode delivery = node.get("delivery");
            return Optional.of(new Callback(delivery == null ? record.key() : delivery.asText(),
                    clientId == null ? CallbackKeys.DEFAULT_CLIENT : clientId, URI.create(url.asText()),
                    json.writeValueAsBytes(node.has("body") ? node.get("body") : node.get("batch")), key.get(),
                    event == null ? BATCH_COMPLETED : event.asText()));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            abandoned.mark();
            LOG.warn("Unreadable record at {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
            return Optional.empty();
        }
    }

    /** One POST, bounded by {@code timeout} as a whole ({@link CallbackPoster#post}). */
    Outcome post(Callback callback) {
        return poster.post(callback);
    }

    private void rewindToCommitted() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        List<TopicPartition> toBeginning = new ArrayList<>();
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                toBeginning.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        consumer.seekToBeginning(toBeginning);
    }

    /**
     * Runs in the consumer thread, inside {@code poll}. A revoked partition is committed up to its first unfinished
     * callback, then its queued callbacks are dropped (its next owner reads them from there); a lost one is dropped
     * without a commit (another consumer may own it already).
     */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            List<PartitionProgress> progresses = new ArrayList<>();
            for (TopicPartition partition : revoked) {
                PartitionProgress progress = partitions.get(partition);
                if (progress != null) {
                    progresses.add(progress);
                }
            }
            try {
                commit(progresses);
            } catch (RuntimeException e) {
                LOG.warn("Callback offsets of revoked partitions {} not committed: {}", revoked, e.toString());
            }
            revoke(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            revoke(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            for (TopicPartition partition : assigned) {
                PartitionProgress stale = partitions.put(partition, new PartitionProgress(partition));
                if (stale != null) {
                    stale.revoke();
                    queues.drop(stale);
                }
            }
        }
    }

    /**
     * A callback to send.
     *
     * @param delivery the {@value #DELIVERY_HEADER} header, the same on every attempt: the batch id of a completion,
     *     a UUID of a POST of status events
     * @param clientId the client whose key signs it
     * @param url where
     * @param body the JSON body
     * @param key the client's signing key
     * @param event the {@value #EVENT_HEADER} header: {@value #BATCH_COMPLETED} or
     *     {@value StatusCallbackBatcher#EVENT}
     */
    record Callback(String delivery, String clientId, URI url, byte[] body, byte[] key, String event) {

        /** A completion callback ({@value #BATCH_COMPLETED}) of a batch. */
        Callback(String batchId, String clientId, URI url, byte[] body, byte[] key) {
            this(batchId, clientId, url, body, key, BATCH_COMPLETED);
        }
    }

    /** The result of one POST. */
    record Outcome(boolean delivered, boolean retryable, int status, String reason, Optional<Duration> retryAfter) {
    }
}
