package io.herald.dispatcher.receipt;

import io.herald.dispatcher.admin.ReceiptStats;
import io.herald.schema.DeliveryReceipt;
import io.herald.schema.DeliveryState;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.internal.MessageReceipts;
import io.herald.schema.internal.PartReceipt;
import io.herald.schema.internal.SubmittedPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns matched receipts into one final status per message, keyed by messageId:
 * <ul>
 *   <li>DELIVERED once every part of the message has a DELIVRD receipt (a multipart message counts as delivered when
 *       all its parts are);</li>
 *   <li>UNDELIVERED, EXPIRED or REJECTED ({@link ReceiptStat}) as soon as one part's receipt says so: the message can
 *       no longer be delivered whole;</li>
 *   <li>nothing for ENROUTE and ACCEPTD receipts, which are not final, nor for any receipt after the final state was
 *       written (a duplicate, or a receipt for a second copy of the message).</li>
 * </ul>
 * The status carries the message's parts as segments, the receipt's done date (or receive time) as its time, the
 * stat as errorCode and the receipt's err value in errorText for a negative state. An entry is dropped
 * {@code retentionMs} after its last change.
 */
final class MessageReceiptAggregator implements Processor<String, PartReceipt, String, DeliveryStatus> {

    static final String MESSAGES_STORE = "receipt-messages";
    static final String EXPIRY_STORE = "receipt-messages-expiry";

    private static final char MESSAGE = 'M';
    private static final int EXPIRE_PER_SCAN = 10_000;

    private final long retentionMs;
    private final long scanIntervalMs;
    private final ReceiptStats stats;
    private ProcessorContext<String, DeliveryStatus> context;
    private KeyValueStore<String, MessageReceipts> messages;
    private ExpiryIndex expiry;

    /**
     * @param retentionMs how long a message's entry is kept after its last change, in ms
     * @param scanIntervalMs how often expired entries are looked for, in ms
     * @param stats receipt counters
     */
    MessageReceiptAggregator(long retentionMs, long scanIntervalMs, ReceiptStats stats) {
        this.retentionMs = retentionMs;
        this.scanIntervalMs = scanIntervalMs;
        this.stats = stats;
    }

    @Override
    public void init(ProcessorContext<String, DeliveryStatus> context) {
        this.context = context;
        this.messages = context.getStateStore(MESSAGES_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(EXPIRY_STORE));
        context.schedule(Duration.ofMillis(scanIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, PartReceipt> record) {
        PartReceipt value = record.value();
        if (record.key() == null || value == null) {
            return;
        }
        SubmittedPart part = value.getPart();
        DeliveryReceipt receipt = value.getReceipt();
        Optional<DeliveryState> state = ReceiptStat.ofText(receipt.getStat()).flatMap(ReceiptStat::deliveryState);
        if (state.isEmpty()) {
            return;
        }
        MessageReceipts entry = messages.get(record.key());
        if (entry == null) {
            entry = new MessageReceipts(part.getParts(),
                    new ArrayList<>(Collections.nCopies(part.getParts(), false)), null, 0L);
        }
        if (entry.getFinalState() != null) {
            return;
        }
        List<Boolean> delivered = new ArrayList<>(entry.getDelivered());
        while (delivered.size() < part.getParts()) {
            delivered.add(false);
        }
        DeliveryState emit = null;
        if (state.get() == DeliveryState.DELIVERED) {
            int index = part.getPart() - 1;
            if (index >= 0 && index < delivered.size()) {
                delivered.set(index, true);
            }
            if (!delivered.contains(false)) {
                emit = DeliveryState.DELIVERED;
            }
        } else {
            emit = state.get();
        }
        long now = context.currentSystemTimeMs();
        messages.put(record.key(), new MessageReceipts(Math.max(entry.getParts(), part.getParts()), delivered, emit,
                now));
        expiry.add(MESSAGE, now, record.key());
        if (emit != null) {
            stats.recordFinalState(emit.name());
            context.forward(new Record<>(record.key(), status(part, receipt, emit, delivered.size()),
                    record.timestamp()));
        }
    }

    static DeliveryStatus status(SubmittedPart part, DeliveryReceipt receipt, DeliveryState state, int parts) {
        boolean negative = state != DeliveryState.DELIVERED;
        Instant when = receipt.getDoneAt() != null ? receipt.getDoneAt() : receipt.getReceivedAt();
        return DeliveryStatus.newBuilder()
                .setMessageId(part.getMessageId())
                .setBatchId(part.getBatchId())
                .setState(state)
                .setGatewayMessageId(part.getGatewayMessageId())
                .setGatewayMessageIds(List.of(part.getGatewayMessageId()))
                .setGateway(part.getGateway() != null ? part.getGateway() : receipt.getGateway())
                .setErrorCode(negative ? receipt.getStat() : null)
                .setErrorText(negative ? "delivery receipt stat:" + receipt.getStat() + " err:"
                        + (receipt.getErrorCode() == null ? "-" : receipt.getErrorCode()) + " for part "
                        + part.getPart() + " of " + parts : null)
                .setSegments(parts)
                .setTimestamp(when)
                .setAttempt(Math.max(1, part.getAttempt()))
                .build();
    }

    private void expire(long now) {
        for (String key : expiry.removeDue(MESSAGE, now - retentionMs, EXPIRE_PER_SCAN)) {
            MessageReceipts entry = messages.get(key);
            if (entry != null && entry.getUpdatedAt() <= now - retentionMs) {
                messages.delete(key);
            }
        }
    }
}
