package io.herald.dispatcher.ledger;

import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.receive.PartitionListener;
import io.herald.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sent ledger: which messages the gateway accepted, so that a record re-delivered after a crash (consumed again
 * from the last committed offset) is not sent twice. It has no topic of its own: the SENT status that the dispatcher
 * writes to {@value Topics#STATUS} anyway carries the entry in its {@value Topics#LEDGER_HEADER} header, so a sent
 * message costs one Kafka record, not two.
 *
 * <h2>Writing</h2>
 * After the gateway accepted a record's message, the SENT status is written with {@link #header} (a
 * {@link LedgerEntry}: the record's topic, partition and offset, the attempts and the gateway's ids). The record
 * completes when that status is acknowledged.
 *
 * <h2>Reading</h2>
 * When the poll loop is assigned partitions ({@link #assigned}), before it dispatches any of their records, the ledger
 * loads the entries that can matter: those of records at or above each partition's committed offset <i>C</i>. Such an
 * entry was written after record <i>C</i> was produced, so it reads every partition of {@value Topics#STATUS} from the
 * earliest such record's time minus {@value #CLOCK_SKEW_MS} ms (for clock skew between hosts), found with
 * {@code offsetsForTimes}, to its end, and keeps the entries of the assigned partitions. Only the headers are read;
 * status values are not deserialized. Memory holds only the kept entries: about the records that were in flight at
 * the last commit.
 *
 * <p>Releases before this one wrote the entries to a compacted topic of their own, {@value Topics#SENT} (key
 * messageId, value the entry's text, on the partition with the record's partition number modulo its partition count).
 * If that topic exists, it is read too, in the same way, so that a dispatcher upgraded in the middle of a backlog does
 * not send again what the previous release sent. Nothing writes it any more; it can be deleted once every dispatcher
 * runs this release and its records are older than a committed offset.
 *
 * <p>A lookup ({@link #find}) is then a map read. Loading is bounded by {@code ledger.load.timeout.ms}; what could not
 * be read in time is not skipped (the message may be sent twice, as without a ledger).
 *
 * <p>Thread-safe: loads are serialized (the requests loop and the retry loop share one ledger consumer); lookups run
 * on sender threads.
 */
public final class SentLedger implements PartitionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SentLedger.class);

    /** How far before record <i>C</i>'s timestamp the ledger is read, in ms, for clock skew between hosts. */
    public static final long CLOCK_SKEW_MS = 60_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final long loadTimeoutMs;
    private final Time time;
    /** Loaded entries of the assigned partitions: partition to messageId to entry. */
    private final Map<TopicPartition, Map<String, LedgerEntry>> loaded = new ConcurrentHashMap<>();
    /** Records the current load read from the status and ledger topics, for its log line; guarded by this. */
    private long recordsRead;

    /**
     * @param consumer a consumer of byte arrays without a group (partitions are assigned by hand); this ledger closes
     *     it
     * @param loadTimeoutMs upper bound on one load, in ms
     * @param time the clock for the load timeout
     */
    public SentLedger(Consumer<byte[], byte[]> consumer, long loadTimeoutMs, Time time) {
        this.consumer = consumer;
        this.loadTimeoutMs = loadTimeoutMs;
        this.time = time;
    }

    /**
     * The header that makes a SENT status the ledger entry of a sent record.
     *
     * @param record the consumed record
     * @param gatewayMessageIds the gateway's id of each part, at least one
     * @param attempts gateway attempts it took, over every tier
     * @return the {@value Topics#LEDGER_HEADER} header
     */
    public static Header header(ConsumerRecord<byte[], ConsumedValue> record, List<String> gatewayMessageIds,
                                int attempts) {
        return new RecordHeader(Topics.LEDGER_HEADER, new LedgerEntry(record.topic(), record.partition(),
                record.offset(), attempts, gatewayMessageIds).toBytes());
    }

    /**
     * Looks a record up.
     *
     * @param record a consumed record of an assigned partition
     * @param messageId its messageId
     * @return the entry if the gateway already accepted this very record (same topic, partition and offset), else
     *     null
     */
    public LedgerEntry find(ConsumerRecord<byte[], ConsumedValue> record, String messageId) {
        Map<String, LedgerEntry> entries = loaded.get(new TopicPartition(record.topic(), record.partition()));
        if (entries == null) {
            return null;
        }
        LedgerEntry entry = entries.get(messageId);
        return entry != null && entry.offset() == record.offset() ? entry : null;
    }

    @Override
    public synchronized void assigned(Map<TopicPartition, Long> startOffsets) {
        long started = time.milliseconds();
        long deadline = started + loadTimeoutMs;
        recordsRead = 0;
        try {
            Map<TopicPartition, Long> since = firstRecordTimes(startOffsets, deadline);
            Map<TopicPartition, Map<String, LedgerEntry>> entries = readLedger(startOffsets, since, deadline);
            int total = 0;
            for (TopicPartition tp : startOffsets.keySet()) {
                Map<String, LedgerEntry> forTp = entries.getOrDefault(tp, Map.of());
                loaded.put(tp, Map.copyOf(forTp));
                total += forTp.size();
            }
            LOG.info("Sent ledger: {} entries for {} partitions above their committed offsets ({} records read in "
                    + "{} ms)", total, startOffsets.size(), recordsRead, time.milliseconds() - started);
        } catch (KafkaException | LoadTimeout e) {
            LOG.warn("Sent ledger not loaded for {} partitions, their re-delivered records may be sent twice: {}",
                    startOffsets.size(), e.toString());
        } finally {
            consumer.assign(List.of());
        }
    }

    @Override
    public void removed(Collection<TopicPartition> partitions) {
        partitions.forEach(loaded::remove);
    }

    /** Closes the ledger's consumer. */
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /**
     * The timestamp of the record at each partition's start offset, for the partitions that have one.
     */
    private Map<TopicPartition, Long> firstRecordTimes(Map<TopicPartition, Long> startOffsets, long deadline) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(startOffsets.keySet(), remaining(deadline));
        Set<TopicPartition> wanted = new HashSet<>();
        startOffsets.forEach((tp, start) -> {
            if (ends.getOrDefault(tp, 0L) > start) {
                wanted.add(tp);
            }
        });
        Map<TopicPartition, Long> times = new HashMap<>();
        if (wanted.isEmpty()) {
            return times;
        }
        consumer.assign(wanted);
        wanted.forEach(tp -> consumer.seek(tp, startOffsets.get(tp)));
        while (times.size() < wanted.size()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (!times.containsKey(tp)) {
                    times.put(tp, r.timestamp());
                    consumer.pause(List.of(tp));
                }
            }
            for (TopicPartition tp : wanted) {
                // Compaction or transaction markers can leave no record between start and end.
                if (!times.containsKey(tp) && consumer.position(tp) >= ends.get(tp)) {
                    times.put(tp, Long.MAX_VALUE);
                }
            }
            remaining(deadline);
        }
        times.values().removeIf(t -> t == Long.MAX_VALUE);
        return times;
    }

    private Map<TopicPartition, Map<String, LedgerEntry>> readLedger(Map<TopicPartition, Long> startOffsets,
                                                                     Map<TopicPartition, Long> since, long deadline) {
        Map<TopicPartition, Map<String, LedgerEntry>> entries = new HashMap<>();
        if (since.isEmpty()) {
            return entries;
        }
        // The earliest time each partition that may hold entries must be read from: every status partition (a SENT
        // status is keyed by messageId) from the earliest record's time, each legacy ledger partition from the
        // earliest time of the request partitions that wrote to it.
        long earliest = Math.max(0, since.values().stream().mapToLong(Long::longValue).min().orElseThrow()
                - CLOCK_SKEW_MS);
        Map<TopicPartition, Long> fromTime = new HashMap<>();
        for (PartitionInfo p : partitions(Topics.STATUS, deadline)) {
            fromTime.put(new TopicPartition(p.topic(), p.partition()), earliest);
        }
        int legacyPartitions = partitions(Topics.SENT, deadline).size();
        if (legacyPartitions > 0) {
            since.forEach((tp, ts) -> fromTime.merge(new TopicPartition(Topics.SENT,
                    tp.partition() % legacyPartitions), Math.max(0, ts - CLOCK_SKEW_MS), Math::min));
        }
        Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(fromTime, remaining(deadline));
        Map<TopicPartition, Long> ends = consumer.endOffsets(fromTime.keySet(), remaining(deadline));
        Map<TopicPartition, Long> toRead = new HashMap<>();
        from.forEach((lp, found) -> {
            if (found != null && found.offset() < ends.get(lp)) {
                toRead.put(lp, found.offset());
            }
        });
        if (toRead.isEmpty()) {
            return entries;
        }
        consumer.assign(toRead.keySet());
        toRead.forEach(consumer::seek);
        Set<TopicPartition> done = new HashSet<>();
        int unreadable = 0;
        while (done.size() < toRead.size()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                recordsRead++;
                byte[] text = entryBytes(r);
                if (text == null || r.key() == null) {
                    continue;
                }
                LedgerEntry entry;
                try {
                    entry = LedgerEntry.parse(text);
                } catch (IllegalArgumentException e) {
                    unreadable++;
                    continue;
                }
                TopicPartition tp = new TopicPartition(entry.topic(), entry.partition());
                Long start = startOffsets.get(tp);
                if (start != null && entry.offset() >= start) {
                    entries.computeIfAbsent(tp, k -> new HashMap<>())
                            .put(new String(r.key(), StandardCharsets.UTF_8), entry);
                }
            }
            for (TopicPartition lp : toRead.keySet()) {
                if (consumer.position(lp) >= ends.get(lp)) {
                    done.add(lp);
                }
            }
            remaining(deadline);
        }
        if (unreadable > 0) {
            LOG.warn("Sent ledger: skipped {} entries that are not in the ledger format", unreadable);
        }
        return entries;
    }

    /**
     * The entry's text: a status's {@value Topics#LEDGER_HEADER} header (null if it has none), a legacy ledger record's
     * value.
     */
    private static byte[] entryBytes(ConsumerRecord<byte[], byte[]> r) {
        if (Topics.SENT.equals(r.topic())) {
            return r.value();
        }
        Header header = r.headers().lastHeader(Topics.LEDGER_HEADER);
        return header == null ? null : header.value();
    }

    /** The topic's partitions; none if it does not exist. */
    private List<PartitionInfo> partitions(String topic, long deadline) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, remaining(deadline));
        return partitions == null ? List.of() : partitions;
    }

    private Duration remaining(long deadline) {
        long left = deadline - time.milliseconds();
        if (left <= 0) {
            throw new LoadTimeout();
        }
        return Duration.ofMillis(left);
    }

    /** The load took longer than {@code ledger.load.timeout.ms}. */
    private static final class LoadTimeout extends RuntimeException {
        LoadTimeout() {
            super("ledger.load.timeout.ms passed", null, false, false);
        }
    }
}
