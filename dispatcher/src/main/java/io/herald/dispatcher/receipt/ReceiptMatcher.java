package io.herald.dispatcher.receipt;

import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.internal.PartReceipt;
import io.herald.schema.internal.ReceiptCorrelation;
import io.herald.schema.internal.SubmittedPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches receipts to submitted parts, keyed by a form of the gateway message id ({@link GatewayMessageIds}). Both
 * arrive on one repartitioned stream, so a key's submission and receipts meet in one task whichever dispatcher bound
 * the SMPP session that got the receipt, and whichever came first:
 * <ul>
 *   <li>a submitted part is stored under its key (an exact form is never replaced by a converted one); receipts
 *       already waiting under the key are matched at once;</li>
 *   <li>a receipt is matched if its key has a submission, else it waits up to {@code unmatchedTimeoutMs} (an SMSC may
 *       send a receipt before Herald has written the message's SENT event), then is counted as unmatched and logged
 *       with its recipient masked.</li>
 * </ul>
 * A match goes downstream keyed by messageId. Submissions are kept {@code retentionMs} after they were sent, so that a
 * late receipt (a phone switched off for a day) still matches, and so that an ENROUTE receipt and a later final one
 * both match.
 */
final class ReceiptMatcher implements Processor<String, ReceiptCorrelation, String, PartReceipt> {

    static final String SUBMITTED_STORE = "receipt-submitted";
    static final String PENDING_STORE = "receipt-pending";
    static final String EXPIRY_STORE = "receipt-matcher-expiry";

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptMatcher.class);
    private static final char SUBMITTED = 'S';
    private static final char PENDING = 'P';
    private static final char SEPARATOR = '\u0000';
    private static final int EXPIRE_PER_SCAN = 10_000;

    private final long retentionMs;
    private final long unmatchedTimeoutMs;
    private final ReceiptStats stats;
    private ProcessorContext<String, PartReceipt> context;
    private KeyValueStore<String, ReceiptCorrelation> submitted;
    private KeyValueStore<String, DeliveryReceipt> pending;
    private ExpiryIndex expiry;
    private long sequence;
    /**
     * Receipts waiting in this task's {@value #PENDING_STORE}: counted when the task starts (after its stores were
     * restored), then kept. While it is 0, a submission looks for no waiting receipt: that scan opens a RocksDB
     * iterator, and was a measurable part of the correlator's work per message, where receipts nearly always come
     * after their submission.
     */
    private long pendingCount;

    /**
     * @param retentionMs how long a submission is kept for its receipts, in ms
     * @param unmatchedTimeoutMs how long a receipt waits for its submission, in ms
     * @param stats receipt counters
     */
    ReceiptMatcher(long retentionMs, long unmatchedTimeoutMs, ReceiptStats stats) {
        this.retentionMs = retentionMs;
        this.unmatchedTimeoutMs = unmatchedTimeoutMs;
        this.stats = stats;
    }

    /** How often expired entries are looked for, in ms: a quarter of the unmatched timeout, between 100 ms and 10 s. */
    static long scanIntervalMs(long unmatchedTimeoutMs) {
        return Math.max(100, Math.min(10_000, unmatchedTimeoutMs / 4));
    }

    @Override
    public void init(ProcessorContext<String, PartReceipt> context) {
        this.context = context;
        this.submitted = context.getStateStore(SUBMITTED_STORE);
        this.pending = context.getStateStore(PENDING_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(EXPIRY_STORE));
        try (KeyValueIterator<String, DeliveryReceipt> it = pending.all()) {
            while (it.hasNext()) {
                it.next();
                pendingCount++;
            }
        }
        context.schedule(Duration.ofMillis(scanIntervalMs(unmatchedTimeoutMs)), PunctuationType.WALL_CLOCK_TIME,
                this::expire);
    }

    @Override
    public void process(Record<String, ReceiptCorrelation> record) {
        ReceiptCorrelation value = record.value();
        if (record.key() == null || value == null) {
            return;
        }
        if (value.getSubmission() != null) {
            onSubmission(record.key(), value);
        } else if (value.getReceipt() != null) {
            onReceipt(record.key(), value.getReceipt(), record.timestamp());
        }
    }

    private void onSubmission(String key, ReceiptCorrelation value) {
        ReceiptCorrelation existing = submitted.get(key);
        if (existing != null && existing.getExactForm() && !value.getExactForm()
                && !existing.getSubmission().getMessageId().equals(value.getSubmission().getMessageId())) {
            return;
        }
        SubmittedPart part = value.getSubmission();
        submitted.put(key, value);
        expiry.add(SUBMITTED, part.getSentAt(), key);
        if (pendingCount == 0) {
            return;
        }
        List<KeyValue<String, DeliveryReceipt>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, DeliveryReceipt> it =
                     pending.prefixScan(key + SEPARATOR, new StringSerializer())) {
            it.forEachRemaining(waiting::add);
        }
        for (KeyValue<String, DeliveryReceipt> receipt : waiting) {
            pending.delete(receipt.key);
            pendingCount--;
            match(part, receipt.value);
        }
    }

    private void onReceipt(String key, DeliveryReceipt receipt, long timestamp) {
        ReceiptCorrelation submission = submitted.get(key);
        if (submission != null) {
            match(submission.getSubmission(), receipt);
            return;
        }
        long receivedAt = receipt.getReceivedAt().toEpochMilli();
        String pendingKey = key + SEPARATOR + String.format("%013d", receivedAt) + SEPARATOR + (sequence++);
        pending.put(pendingKey, receipt);
        pendingCount++;
        expiry.add(PENDING, Math.max(receivedAt, timestamp), pendingKey);
    }

    private void match(SubmittedPart part, DeliveryReceipt receipt) {
        stats.recordMatched();
        context.forward(new Record<>(part.getMessageId(), new PartReceipt(part, receipt),
                receipt.getReceivedAt().toEpochMilli()));
    }

    private void expire(long now) {
        for (String key : expiry.removeDue(SUBMITTED, now - retentionMs, EXPIRE_PER_SCAN)) {
            ReceiptCorrelation entry = submitted.get(key);
            if (entry != null && entry.getSubmission().getSentAt() <= now - retentionMs) {
                submitted.delete(key);
            }
        }
        for (String key : expiry.removeDue(PENDING, now - unmatchedTimeoutMs, EXPIRE_PER_SCAN)) {
            DeliveryReceipt receipt = pending.get(key);
            if (receipt != null) {
                pending.delete(key);
                pendingCount--;
                stats.recordUnmatched();
                LOG.info("Receipt for gateway message id {} from {} ({}) matched no message sent within {} ms; "
                        + "dropped", receipt.getGatewayMessageId(), ReceiptParser.maskedAddress(receipt.getRecipient()),
                        receipt.getStat(), unmatchedTimeoutMs);
            }
        }
    }
}
