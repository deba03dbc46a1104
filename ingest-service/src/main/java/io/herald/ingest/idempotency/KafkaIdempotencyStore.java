package io.herald.ingest.idempotency;

import io.dropwizard.lifecycle.Managed;
import io.herald.ingest.kafka.AcknowledgedWrite;
import io.herald.ingest.kafka.KafkaFactory;
import io.herald.ingest.kafka.TopicView;
import io.herald.schema.CompactedTopicReader;
import io.herald.schema.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency keys in the Kafka topic {@code notify.idempotency} (compacted, and deleted after its retention), keyed
 * {@code clientId:key}, so that a key holds across ingest instances and restarts.
 *
 * <p>Every instance reads the whole topic with a {@link CompactedTopicReader} and folds each key's records with
 * {@link IdempotencyRules}, keeping in memory only the entries (no response bodies: a replay reads its response back
 * from the record's offset). A request with a key:
 * <ol>
 *   <li>checks this instance's view: a live completion is replayed (same body) or refused (422), a live claim refused
 *       (409 or 422);</li>
 *   <li>otherwise writes a {@code CLAIM} ({@code acks=all}) and waits until this instance has read it back. Since every
 *       instance folds the same records in the same order, the first claim in the partition wins everywhere; a loser
 *       is then told what the winner holds (409, 422 or a replay).</li>
 *   <li>After the batch, the winner writes {@code DONE} with the 202 body, or {@code RELEASE} if the batch failed.</li>
 * </ol>
 * A loser whose claim came after a {@code DONE} (it read the view before the completion reached it) writes that
 * {@code DONE} again, so that compaction, which keeps only a key's last record, keeps the completion and not the lost
 * claim. A claim whose write failed (the request got a 503) may still land later, when Kafka is back: the reader then
 * writes its release, so that the client's retry is not refused until the claim times out.
 *
 * <p>Until the reader has reached the end offsets the topic had when it started, every request with a key gets a 503
 * ({@link IdempotencyUnavailableException}): the view may be incomplete.
 */
public final class KafkaIdempotencyStore implements IdempotencyStore, TopicView, Managed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIdempotencyStore.class);
    private static final long SWEEP_INTERVAL_MS = 60_000;

    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> fetcher;
    private final String topic;
    private final IdempotencyRules rules;
    private final Clock clock;
    private final Duration ackTimeout;
    private final Duration syncTimeout;
    private final Map<String, IdempotencyEntry> entries = new ConcurrentHashMap<>();
    private final CompactedTopicReader<String, byte[]> reader;
    /** Claims whose write failed (503) but may land later, by claim id, with when they failed (ms). */
    private final Map<String, Abandoned> abandoned = new ConcurrentHashMap<>();
    /** Claims to release from the reader thread: abandoned ones that landed, and releases that failed. */
    private final Queue<Claim> toRelease = new ConcurrentLinkedQueue<>();
    private long lastSweepMs;

    private record Abandoned(Claim claim, long sinceMs) {
    }

    /**
     * @param producer the producer of claims and completions ({@code acks=all}); closed by {@link #stop()}
     * @param readerConsumer a consumer without group id, for the reader thread, which closes it
     * @param fetcher another consumer without group id, to read a completion's response back; closed by
     *     {@link #stop()}
     * @param topic the topic, e.g. {@code notify.idempotency}
     * @param rules the retention and claim timeout
     * @param clock the time of records and of verdicts
     * @param ackTimeout how long a write waits for Kafka's acknowledgement
     * @param syncTimeout how long an acknowledged write waits for the reader to read it back, and a replay for its
     *     response to be read
     */
    public KafkaIdempotencyStore(Producer<String, byte[]> producer, Consumer<String, byte[]> readerConsumer,
                                 Consumer<String, byte[]> fetcher, String topic, IdempotencyRules rules, Clock clock,
                                 Duration ackTimeout, Duration syncTimeout) {
        this.producer = producer;
        this.fetcher = fetcher;
        this.topic = topic;
        this.rules = rules;
        this.clock = clock;
        this.ackTimeout = ackTimeout;
        this.syncTimeout = syncTimeout;
        this.reader = new CompactedTopicReader<>(readerConsumer, topic, "idempotency",
                TopicView.READER_POLL_TIMEOUT, this::apply, this::sweep);
    }

    /**
     * The store over {@code notify.idempotency} with its own clients: a producer {@code <clientId>-idempotency}
     * ({@code acks=all}, idempotence, one record at a time, gzip, {@code max.request.size} of
     * {@link Topics#IDEMPOTENCY_MAX_MESSAGE_BYTES} for the 202 answers of large batches) and the consumers
     * {@code <clientId>-idempotency-reader} (reads the whole topic) and {@code <clientId>-idempotency-fetch} (reads
     * one answer back); no group, no commits.
     *
     * @param kafka the {@code kafka} configuration block
     * @param idempotency the {@code idempotency} configuration block
     * @param clock the store's clock
     * @return a store, not started
     */
    public static KafkaIdempotencyStore create(KafkaFactory kafka, IdempotencyFactory idempotency, Clock clock) {
        Producer<String, byte[]> producer = kafka.buildJsonProducer("idempotency", Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.IDEMPOTENCY_MAX_MESSAGE_BYTES)));
        return new KafkaIdempotencyStore(producer, kafka.buildConsumer("idempotency-reader", Map.of()),
                kafka.buildConsumer("idempotency-fetch", Map.of()), Topics.IDEMPOTENCY, idempotency.rules(), clock,
                kafka.ackTimeout(), Duration.ofMillis(idempotency.getSyncTimeout().toMilliseconds()));
    }

    @Override
    public void start() {
        reader.start();
    }

    /** Stops the reader, then closes the fetcher and the producer (waiting up to the ack timeout). */
    @Override
    public void stop() throws InterruptedException {
        reader.stop();
        synchronized (fetcher) {
            fetcher.close();
        }
        producer.close(ackTimeout);
    }




    /** @return how many keys this instance holds in memory */
    @Override
    public CompactedTopicReader<?, ?> reader() {
        return reader;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Start begin(String clientId, String key, String requestHash) {
        if (!reader.isLoaded()) {
            throw new IdempotencyUnavailableException("the idempotency keys are not loaded yet (" + reader.state()
                    + ")", null);
        }
        String recordKey = IdempotencyStore.recordKey(clientId, key);
        Start seen = decide(recordKey, requestHash, false);
        if (seen != null) {
            return seen;
        }
        Claim claim = new Claim(recordKey, UUID.randomUUID().toString(), requestHash);
        RecordMetadata written;
        try {
            written = write(claim.recordKey(), record(claim, IdempotencyRecord.Kind.CLAIM, null, null), "claim");
            awaitRead(written);
        } catch (IdempotencyUnavailableException e) {
            // The claim may still be written (the producer retries until delivery.timeout.ms). If it lands, the
            // reader releases it, so that the client's retry is not refused with 409 until the claim times out.
            abandoned.put(claim.claimId(), new Abandoned(claim, clock.millis()));
            // It may also have been written and applied already, with the reader not yet (or not able to) report
            // how far it read: then the reader saw no abandoned claim, and the release is queued here. (Both may
            // queue it; a second release changes nothing.)
            IdempotencyEntry entry = entries.get(recordKey);
            if (entry != null && entry.state() == IdempotencyEntry.State.CLAIMED
                    && entry.claimId().equals(claim.claimId())) {
                toRelease.add(claim);
            }
            throw e;
        }
        IdempotencyEntry entry = entries.get(recordKey);
        if (entry != null && entry.claimId().equals(claim.claimId())) {
            return new Claimed(claim);
        }
        if (entry != null && entry.state() == IdempotencyEntry.State.DONE && entry.partition() == written.partition()
                && entry.offset() < written.offset()) {
            rewrite(recordKey, entry);
        }
        return decide(recordKey, requestHash, true);
    }

    @Override
    public void complete(Claim claim, String batchId, String response) {
        awaitRead(write(claim.recordKey(), record(claim, IdempotencyRecord.Kind.DONE, batchId, response),
                "completion"));
    }

    @Override
    public void release(Claim claim) {
        try {
            awaitRead(write(claim.recordKey(), record(claim, IdempotencyRecord.Kind.RELEASE, null, null), "release"));
        } catch (IdempotencyUnavailableException e) {
            // Kafka is not answering now: the reader thread tries again after its next poll, so that the client's
            // retry, once Kafka is back, is not refused with 409 until the claim times out.
            LOG.warn("idempotency: a claim was not released yet ({}); retrying", e.getMessage());
            toRelease.add(claim);
        }
    }

    /**
     * Queues the release of a claim (abandoned and landed, or whose release failed), without waiting for it; on the
     * reader thread.
     *
     * @return whether it was queued (if not, the next poll tries again)
     */
    private boolean releaseLater(Claim claim) {
        IdempotencyRecord release = record(claim, IdempotencyRecord.Kind.RELEASE, null, null);
        try {
            producer.send(new ProducerRecord<>(topic, null, release.timestampMs(), claim.recordKey(),
                    IdempotencyJson.write(release)), (metadata, exception) -> {
                                if (exception != null) {
                                    LOG.warn("idempotency: the release of a claim that had failed was not written"
                                            + " ({}); its key is free again after the claim timeout",
                                            exception.toString());
                                }
                            });
            return true;
        } catch (RuntimeException e) {
            LOG.warn("idempotency: could not queue the release of a claim that had failed ({}); retrying",
                    e.toString());
            return false;
        }
    }

    /**
     * @param lost whether this request's own claim lost: a free key then still gets a 409 (a claim that lost to
     *     one that timed out meanwhile, or clocks that disagree), never a second claim
     * @return the replay, or null if the key is free
     */
    private Start decide(String recordKey, String requestHash, boolean lost) {
        IdempotencyEntry entry = entries.get(recordKey);
        switch (rules.verdict(entry, requestHash, clock.millis())) {
            case REPLAY:
                return new Replay(entry.batchId(), readRecord(entry).response());
            case MISMATCH:
                throw new IdempotencyKeyReusedException();
            case IN_PROGRESS:
                throw new IdempotencyKeyInUseException();
            default:
                if (lost) {
                    throw new IdempotencyKeyInUseException();
                }
                return null;
        }
    }

    /** Writes a completion again, after a claim that lost to it, so that compaction keeps the completion. */
    private void rewrite(String recordKey, IdempotencyEntry done) {
        write(recordKey, readRecord(done), "completion rewrite");
    }

    /** @return a record of a claim, written now */
    private IdempotencyRecord record(Claim claim, IdempotencyRecord.Kind kind, String batchId, String response) {
        return new IdempotencyRecord(kind, claim.claimId(), claim.requestHash(), clock.millis(), batchId, response);
    }

    /** Writes a record with its timestamp and waits for its acknowledgement. */
    private RecordMetadata write(String recordKey, IdempotencyRecord record, String what) {
        return AcknowledgedWrite.send(producer, new ProducerRecord<>(topic, null, record.timestampMs(), recordKey,
                IdempotencyJson.write(record)), ackTimeout, "idempotency " + what, this::unavailable);
    }

    private void awaitRead(RecordMetadata written) {
        reader.readBack(written, syncTimeout, "idempotency record", this::unavailable);
    }

    /** Reads the record of an entry back from its partition and offset (the response is not kept in memory). */
    private IdempotencyRecord readRecord(IdempotencyEntry entry) {
        TopicPartition partition = new TopicPartition(topic, entry.partition());
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        synchronized (fetcher) {
            fetcher.assign(List.of(partition));
            fetcher.seek(partition, entry.offset());
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : fetcher.poll(Duration.ofMillis(200))) {
                    if (record.offset() == entry.offset() && record.value() != null) {
                        return IdempotencyJson.read(record.value(), record.timestamp());
                    }
                    if (record.offset() >= entry.offset()) {
                        throw unavailable("the idempotency record at partition " + entry.partition() + ", offset "
                                + entry.offset() + " is gone (compacted); retry", null);
                    }
                }
            }
        }
        throw unavailable("could not read the idempotency record at partition " + entry.partition() + ", offset "
                + entry.offset() + " within " + syncTimeout.toMillis() + " ms", null);
    }

    private IdempotencyUnavailableException unavailable(String message, Throwable cause) {
        LOG.warn("idempotency: {}", message);
        return new IdempotencyUnavailableException(message, cause);
    }

    /** Folds one record into its key's entry; on the reader thread. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("idempotency reader: skipped a record without key at {}-{} offset {}", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            entries.remove(record.key());
            return;
        }
        IdempotencyRecord parsed;
        try {
            parsed = IdempotencyJson.read(record.value(), record.timestamp());
        } catch (IllegalArgumentException e) {
            LOG.warn("idempotency reader: skipped an invalid record at {}-{} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        entries.compute(record.key(), (key, current) -> {
            IdempotencyEntry next = rules.apply(current, parsed, record.partition(), record.offset());
            return next == null ? null : next.withoutResponse();
        });
        if (parsed.kind() == IdempotencyRecord.Kind.RELEASE) {
            abandoned.remove(parsed.claimId());
        } else if (parsed.kind() == IdempotencyRecord.Kind.CLAIM && abandoned.containsKey(parsed.claimId())) {
            toRelease.add(abandoned.get(parsed.claimId()).claim());
        }
    }

    /**
     * After each poll, on the reader thread: releases the claims waiting for it; once a minute, drops entries
     * no later record can depend on, and abandoned claims older than the retention (the producer gave them up long
     * ago).
     */
    private void sweep() {
        for (int pending = toRelease.size(); pending > 0; pending--) {
            Claim claim = toRelease.poll();
            if (claim != null && !releaseLater(claim)) {
                toRelease.add(claim);
            }
        }
        long now = clock.millis();
        if (now - lastSweepMs >= SWEEP_INTERVAL_MS) {
            lastSweepMs = now;
            entries.values().removeIf(entry -> rules.isForgettable(entry, now));
            abandoned.values().removeIf(claim -> rules.isForgettable(claim.sinceMs(), now));
        }
    }
}
