package io.herald.dispatcher.schedule;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.retry.RetryHeaders;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PiiMask;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a request whose {@code notBefore} is still ahead, in Kafka rather than in memory or in a sleeping thread: the
 * record is copied, bytes unchanged, to a delay tier's topic ({@link DelayTier#choose}) with the header
 * {@value RetryHeaders#DUE} = now + the tier's hold, and {@value #TIER} = the tier's name. The retry consumer reads
 * the delay topics like the retry topics: it pauses a partition until its head is due, then hands the record back to
 * the {@code RecordSender}, which sends it, or holds it again in a shorter tier if its time has still not come. A
 * request scheduled 30 days ahead thus moves down the tiers (1d, 1h, 10m, 1m, 5s with the defaults) and is sent no
 * earlier than its {@code notBefore}, and at most the shortest hold after it (plus the consumer's lag).
 *
 * <p>The consumed record completes (and may be committed past) once the copy was acknowledged by Kafka.
 */
public final class DelayRouter {

    /** Header naming the delay tier a record waits in, e.g. {@code 1h}. */
    public static final String TIER = "herald.delay.tier";

    private static final Logger LOG = LoggerFactory.getLogger(DelayRouter.class);

    private final List<DelayTier> tiers;
    private final StatusPublisher publisher;
    private final DispatcherStats stats;
    private final Clock clock;

    /**
     * @param tiers the delay tiers, shortest first, at least one ({@link DelayTier#parseAll})
     * @param publisher writes the copies
     * @param stats counts held records
     * @param clock the clock for due times
     */
    public DelayRouter(List<DelayTier> tiers, StatusPublisher publisher, DispatcherStats stats, Clock clock) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one delay tier is needed");
        }
        this.tiers = List.copyOf(tiers);
        this.publisher = publisher;
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * @param request a request
     * @return true if its {@code notBefore} is after now: it must be held, not sent
     */
    public boolean isEarly(NotificationRequest request) {
        Instant notBefore = request.getNotBefore();
        return notBefore != null && notBefore.toEpochMilli() > clock.millis();
    }

    /**
     * Copies an early record to the delay tier its remaining time calls for.
     *
     * @param record the consumed record; its request's {@code notBefore} is after now ({@link #isEarly})
     * @return completes when Kafka acknowledged the copy, or exceptionally if it could not be written
     */
    public CompletionStage<Void> hold(ConsumerRecord<byte[], ConsumedValue> record) {
        return holdUntil(record, record.value().request().getNotBefore().toEpochMilli(), headers -> { });
    }

    /**
     * Copies a record to the delay tier that a wait until a time calls for, due at the tier's hold from now or at that
     * time, whichever comes first: the last tier it passes through hands it back on time, not up to a hold late.
     *
     * @param record the consumed record
     * @param untilMs when it may be sent, ms since the epoch
     * @param more sets further headers of the copy (e.g. the batch rate's slot)
     * @return completes when Kafka acknowledged the copy, or exceptionally if it could not be written
     */
    public CompletionStage<Void> holdUntil(ConsumerRecord<byte[], ConsumedValue> record, long untilMs,
                                           Consumer<Headers> more) {
        NotificationRequest request = record.value().request();
        long now = clock.millis();
        DelayTier tier = DelayTier.choose(tiers, untilMs - now);
        long dueMs = Math.min(now + tier.holdMs(), Math.max(now, untilMs));
        LOG.debug("Holding messageId={} partition={} offset={} recipient={} notBefore={} in delay tier {} until {}",
                request.getMessageId(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()), Instant.ofEpochMilli(untilMs), tier.name(),
                Instant.ofEpochMilli(dueMs));
        stats.recordDelayed();
        return publisher.copy(record, tier.topic(), headers -> {
            headers.remove(RetryHeaders.DUE);
            headers.add(RetryHeaders.DUE, Long.toString(dueMs).getBytes(StandardCharsets.UTF_8));
            headers.remove(TIER);
            headers.add(TIER, tier.name().getBytes(StandardCharsets.UTF_8));
            more.accept(headers);
        }).thenAccept(acked -> { });
    }

    /** @return the delay topics, shortest hold first */
    public List<String> topics() {
        return tiers.stream().map(DelayTier::topic).toList();
    }
}
