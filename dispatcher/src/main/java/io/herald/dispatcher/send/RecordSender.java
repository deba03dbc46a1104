package io.herald.dispatcher.send;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.batch.BatchGate;
import io.herald.dispatcher.batch.BatchRates;
import io.herald.dispatcher.config.DispatcherConfig;
import io.herald.dispatcher.ledger.LedgerEntry;
import io.herald.dispatcher.ledger.SentLedger;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.receive.Handling;
import io.herald.dispatcher.receive.RecordHandler;
import io.herald.dispatcher.retry.RetryConfig;
import io.herald.dispatcher.retry.RetryHeaders;
import io.herald.dispatcher.retry.RetryTier;
import io.herald.dispatcher.retry.RetryTopicRouter;
import io.herald.dispatcher.schedule.DelayRouter;
import io.herald.dispatcher.schedule.QuietHoursWindow;
import io.herald.dispatcher.send.route.RouteTable;
import io.herald.dispatcher.status.DeadLetterRouter;
import io.herald.dispatcher.status.StatusEvents;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.dispatcher.suppression.Suppressions;
import io.herald.push.PushPayloads;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PiiMask;
import io.herald.schema.QuietHours;
import java.time.Clock;
import java.time.DateTimeException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one consumed record to completion:
 * <ul>
 *   <li>unreadable (poison) record: DLQ record with the original bytes;</li>
 *   <li>request for a channel this dispatcher has no gateway for: FAILED + DLQ;</li>
 *   <li>request whose {@code notBefore} is still ahead: held in a delay topic ({@link DelayRouter}), not sent;</li>
 *   <li>a re-delivered record whose message the sent ledger shows as accepted: SENT status again, no send;</li>
 *   <li>request of a cancelled batch: CANCELLED status, not sent; of a paused one: moved to
 *       {@code notify.requests.held} ({@link BatchGate});</li>
 *   <li>request to a recipient on the suppression list ({@link Suppressions}): SUPPRESSED status, not sent, no DLQ;
 *       checked when the request is due, so a suppression added while it waited applies;</li>
 *   <li>SMS whose batch's quiet hours are on in the recipient's time zone ({@link QuietHoursWindow}): held in a delay
 *       topic until they end, not sent;</li>
 *   <li>request of a batch with a {@code maxRate} whose turn is still ahead ({@link BatchRates}): held in a delay topic
 *       until its turn, not sent;</li>
 *   <li>otherwise send with inline retries; accepted: SENT status (carrying the ledger entry); {@code expiresAt}
 *       passed: EXPIRED status (but the {@link FailureRouter} for a record of a retry topic); not accepted: the
 *       {@link FailureRouter} (a retry topic, or FAILED + DLQ).</li>
 * </ul>
 * The returned {@link Handling} completes when what was written was acknowledged by Kafka. With
 * {@link Ordering#ACCEPTED} it releases the recipient as soon as a sent message's outcome records (SENT status, ledger
 * entry) or a failed one's (retry topic, DLQ, FAILED status) were handed to the producer, which keeps them in order;
 * with {@link Ordering#STRICT} only once they were acknowledged.
 */
public final class RecordSender implements RecordHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSender.class);

    /** {@code errorCode} of a record that could not be deserialized. */
    public static final String DESERIALIZATION_FAILED = "DESERIALIZATION_FAILED";
    /** {@code errorCode} of a request whose channel has no gateway here. */
    public static final String CHANNEL_NOT_SUPPORTED = "CHANNEL_NOT_SUPPORTED";
    /** The error code of an SMS whose {@code quietHours} are not {@code HH:mm} times (not written by ingest). */
    public static final String INVALID_QUIET_HOURS = "INVALID_QUIET_HOURS";
    /** {@code errorCode} of a request whose {@code expiresAt} passed before it was sent. */
    public static final String EXPIRED = "EXPIRED";
    /** {@code errorCode} of a request whose recipient is on the suppression list. */
    public static final String SUPPRESSED = "SUPPRESSED";

    private final RetryingSender sender;
    private final String gatewayName;
    private final StatusPublisher publisher;
    private final FailureRouter failureRouter;
    private final SentLedger ledger;
    private final DelayRouter delays;
    private final DispatcherStats stats;
    private final Clock clock;
    private final Suppressions suppressions;
    private final Ordering ordering;
    private final BatchGate batches;

    /** When a recipient's next message may go ({@code ordering}; docs/delivery-semantics.md). */
    public enum Ordering {
        /** Once the gateway accepted the previous one and its outcome records were handed to the producer. */
        ACCEPTED,
        /** Once the previous one's outcome records were acknowledged by Kafka. */
        STRICT
    }

    /**
     * The record sender of a dispatcher process: sends through {@code routes} with the inline retries of
     * {@code retry.inline.*} (their backoff waits on {@code senderPool}), hands what was not accepted to the retry
     * tiers and then the DLQ, and releases each recipient as {@code ordering} says. Status events that name no gateway
     * (a suppressed or skipped message) name the first lane's.
     *
     * @param config the dispatcher's configuration
     * @param routes the gateways and which recipients each serves
     * @param tiers the retry tiers ({@code retry.tiers}), in order
     * @param publisher writes status events, retry and DLQ records
     * @param ledger the sent ledger, or null without one
     * @param delays holds requests whose {@code notBefore} is ahead
     * @param suppressions recipients not to send to; {@link Suppressions#NONE} for none
     * @param batches what paused and cancelled batches mean for their requests; {@link BatchGate#NONE} for nothing
     * @param senderPool the threads sends and retry waits run on
     * @param stats the process's statistics
     * @param clock the clock for event times
     * @return the record sender
     */
    public static RecordSender create(DispatcherConfig config, RouteTable routes, List<RetryTier> tiers,
                                      StatusPublisher publisher, SentLedger ledger, DelayRouter delays,
                                      Suppressions suppressions, BatchGate batches, Executor senderPool,
                                      DispatcherStats stats, Clock clock) {
        String gatewayName = routes.lanes().get(0).name();
        RetryPolicy retryPolicy = new RetryPolicy(config.getInt(RetryConfig.RETRY_INLINE_MAX_ATTEMPTS_CONFIG),
                config.getLong(RetryConfig.RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG),
                config.getLong(RetryConfig.RETRY_INLINE_BACKOFF_MAX_MS_CONFIG));
        LongFunction<Executor> delayedOn =
                delayMs -> CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, senderPool);
        DeadLetterRouter deadLetters = new DeadLetterRouter(publisher, gatewayName, stats, clock);
        return new RecordSender(new RetryingSender(routes, retryPolicy, stats, delayedOn, clock), gatewayName,
                publisher, new RetryTopicRouter(tiers, publisher, deadLetters, stats, clock), ledger, delays, stats,
                clock, suppressions, config.ordering(), batches);
    }

    /**
     * A record sender without a suppression list ({@link Suppressions#NONE}).
     *
     * @param sender sends with inline retries
     * @param gatewayName name of the gateway for status events, e.g. {@code smpp}
     * @param publisher writes status events and DLQ records
     * @param failureRouter where messages go that were not accepted
     * @param ledger the sent ledger, or null for none
     * @param delays holds requests whose {@code notBefore} is ahead
     * @param stats counters
     * @param clock the clock for event times
     */
    public RecordSender(RetryingSender sender, String gatewayName, StatusPublisher publisher,
                        FailureRouter failureRouter, SentLedger ledger, DelayRouter delays, DispatcherStats stats,
                        Clock clock) {
        this(sender, gatewayName, publisher, failureRouter, ledger, delays, stats, clock, Suppressions.NONE,
                Ordering.STRICT);
    }

    /**
     * @param sender sends with inline retries
     * @param gatewayName name of the gateway for status events, e.g. {@code smpp}
     * @param publisher writes status events and DLQ records
     * @param failureRouter where messages go that were not accepted
     * @param ledger the sent ledger, or null for none
     * @param delays holds requests whose {@code notBefore} is ahead
     * @param stats counters
     * @param clock the clock for event times
     * @param suppressions recipients not to send to; {@link Suppressions#NONE} for none
     * @param ordering when a recipient's next message may go
     */
    public RecordSender(RetryingSender sender, String gatewayName, StatusPublisher publisher,
                        FailureRouter failureRouter, SentLedger ledger, DelayRouter delays, DispatcherStats stats,
                        Clock clock, Suppressions suppressions, Ordering ordering) {
        this(sender, gatewayName, publisher, failureRouter, ledger, delays, stats, clock, suppressions, ordering,
                BatchGate.NONE);
    }

    /**
     * @param sender sends with inline retries
     * @param gatewayName name of the gateway for status events, e.g. {@code smpp}
     * @param publisher writes status events and DLQ records
     * @param failureRouter where messages go that were not accepted
     * @param ledger the sent ledger, or null for none
     * @param delays holds requests whose {@code notBefore} is ahead
     * @param stats counters
     * @param clock the clock for event times
     * @param suppressions recipients not to send to; {@link Suppressions#NONE} for none
     * @param ordering when a recipient's next message may go
     * @param batches what paused and cancelled batches mean for their requests; {@link BatchGate#NONE} for nothing
     */
    public RecordSender(RetryingSender sender, String gatewayName, StatusPublisher publisher,
                        FailureRouter failureRouter, SentLedger ledger, DelayRouter delays, DispatcherStats stats,
                        Clock clock, Suppressions suppressions, Ordering ordering, BatchGate batches) {
        this.batches = Objects.requireNonNull(batches, "batches");
        this.ordering = Objects.requireNonNull(ordering, "ordering");
        this.suppressions = Objects.requireNonNull(suppressions, "suppressions");
        this.ledger = ledger;
        this.delays = Objects.requireNonNull(delays, "delays");
        this.sender = sender;
        this.gatewayName = gatewayName;
        this.publisher = publisher;
        this.failureRouter = failureRouter;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public Handling handle(ConsumerRecord<byte[], ConsumedValue> record) {
        ConsumedValue value = record.value();
        if (value.isPoison() || !serves(value.request()) || delays.isEarly(value.request())) {
            return Handling.whole(decide(record)); // nothing reaches a gateway: nothing to release early
        }
        if (ordering == Ordering.STRICT) {
            return Handling.whole(decide(record));
        }
        CompletableFuture<Void> released = new CompletableFuture<>();
        CompletionStage<?> completed = decide(record, released);
        // A failure before the outcome was handed over (e.g. serialization) releases the key too.
        completed.whenComplete((done, error) -> released.complete(null));
        return new Handling(released, completed);
    }

    private CompletionStage<?> decide(ConsumerRecord<byte[], ConsumedValue> record) {
        return decide(record, null);
    }

    /**
     * @param handedOver completed, if not null, once the outcome's records were handed to the producer
     * @return completes when they were acknowledged
     */
    private CompletionStage<?> decide(ConsumerRecord<byte[], ConsumedValue> record,
                                      CompletableFuture<Void> handedOver) {
        ConsumedValue value = record.value();
        if (value.isPoison()) {
            return deadLetterPoison(record, value.error());
        }
        NotificationRequest request = value.request();
        if (!serves(request)) {
            SendResult refused = SendResult.permanentFailure(CHANNEL_NOT_SUPPORTED, "no gateway for channel "
                    + request.getChannel() + (request.getPlatform() == null ? "" : " " + request.getPlatform()));
            return failed(record, new DeliveryOutcome(refused, 0, false));
        }
        if (delays.isEarly(request)) {
            return early(record);
        }
        CompletionStage<Void> notSent = withoutSending(record, request);
        if (notSent != null) {
            return notSent;
        }
        CompletionStage<Void> quiet = quietHours(record, request);
        if (quiet != null) {
            return quiet;
        }
        long slotMs = batches.slotMs(record);
        if (slotMs > clock.millis() + BatchRates.EARLY_MS) {
            // Its batch's maxRate gives it a later turn: it waits for it in a delay topic, holding nothing here.
            return delays.holdUntil(record, slotMs, headers -> BatchRates.mark(headers, slotMs));
        }
        return batches.paced(record).thenCompose(turn -> sender.send(message(request), request.getChannel(),
                request.getExpiresAt(), request.getLane())).thenCompose(outcome -> {
            CompletionStage<Void> recorded = record(record, outcome);
            if (handedOver != null) {
                handedOver.complete(null);
            }
            return recorded;
        });
    }

    /**
     * @return the stage of a due request that is not sent: sent before a crash (the ledger), of a cancelled or paused
     *     batch, or to a suppressed recipient; null to send it
     */
    private CompletionStage<Void> withoutSending(ConsumerRecord<byte[], ConsumedValue> record,
                                                 NotificationRequest request) {
        LedgerEntry alreadySent = ledger == null ? null : ledger.find(record, request.getMessageId());
        if (alreadySent != null) {
            // Sent before a crash: it went out, so it stays SENT even if its recipient opted out or its batch was
            // cancelled since.
            return skipSent(record, alreadySent);
        }
        CompletionStage<Void> byBatch = byBatch(record);
        if (byBatch != null) {
            return byBatch;
        }
        if (suppressions.isSuppressed(request.getRecipient(), request.getClientId())) {
            return suppressed(record);
        }
        return null;
    }

    /**
     * @return the stage of an SMS whose quiet hours ({@link QuietHoursWindow}) are on now in its recipient's time zone:
     *     held in a delay topic until they end; or of one whose quiet hours cannot be read: FAILED + DLQ; null to go on
     */
    private CompletionStage<Void> quietHours(ConsumerRecord<byte[], ConsumedValue> record,
                                             NotificationRequest request) {
        QuietHours window = request.getQuietHours();
        if (window == null || request.getChannel() != Channel.SMS) {
            return null;
        }
        long sendableMs;
        try {
            sendableMs = QuietHoursWindow.sendableAt(window, QuietHoursWindow.zones(request.getRecipient()),
                    clock.instant()).toEpochMilli();
        } catch (DateTimeException e) {
            return failed(record, new DeliveryOutcome(SendResult.permanentFailure(INVALID_QUIET_HOURS,
                    "quietHours " + window.getStart() + "-" + window.getEnd() + " are not HH:mm times"), 0, false));
        }
        return sendableMs > clock.millis() ? delays.holdUntil(record, sendableMs, headers -> { }) : null;
    }

    /** A request not yet due is held in a delay topic, unless its batch was cancelled: it ends now, never sent. */
    private CompletionStage<Void> early(ConsumerRecord<byte[], ConsumedValue> record) {
        return batches.decide(record) == BatchGate.Decision.CANCEL
                ? batches.cancel(record, RetryHeaders.attempts(record.headers()) + 1) : delays.hold(record);
    }

    /** @return the stage of a request that its batch's control ends or moves aside, or null to send it */
    private CompletionStage<Void> byBatch(ConsumerRecord<byte[], ConsumedValue> record) {
        return switch (batches.decide(record)) {
            case CANCEL -> batches.cancel(record, RetryHeaders.attempts(record.headers()) + 1);
            case HOLD -> batches.hold(record);
            case SEND -> null;
        };
    }

    private static Message message(NotificationRequest request) {
        return request.getChannel() == Channel.PUSH
                ? Message.push(request.getSender(), PushPayloads.Content.of(request))
                : new Message(request.getMessageId(), request.getSender(), request.getRecipient(), request.getText(),
                        request.getSubject(), request.getHtml());
    }

    private boolean serves(NotificationRequest request) {
        return sender.serves(request.getChannel(), request.getPlatform());
    }

    /** Writes what the gateway's answer means; the records are handed to the producer before this returns. */
    private CompletionStage<Void> record(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        if (outcome.attempts() > 1) {
            stats.recordRetries(outcome.attempts() - 1);
        }
        if (outcome.expired()) {
            // A message that already failed and waited in a retry topic ends as a failure (FAILED + DLQ);
            // one that never failed simply expired.
            return RetryHeaders.attempts(record.headers()) > 0 ? failed(record, outcome) : expired(record, outcome);
        }
        if (outcome.isSent()) {
            return sent(record, outcome);
        }
        return failed(record, outcome);
    }

    private CompletionStage<Void> sent(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        NotificationRequest request = record.value().request();
        SendResult result = outcome.result();
        // Attempts over every tier: those made before the record reached this retry topic, then these.
        int attempts = RetryHeaders.attempts(record.headers()) + outcome.attempts();
        if (LOG.isDebugEnabled()) { // the masking and the boxing cost something per message
            LOG.debug("Sent messageId={} topic={} partition={} offset={} recipient={} segments={} "
                            + "gatewayMessageId={} attempt={}", request.getMessageId(), record.topic(),
                    record.partition(), record.offset(), PiiMask.recipient(request.getRecipient()), result.segments(),
                    result.gatewayMessageId(), attempts);
        }
        stats.recordSent();
        // With routing, the gateway actually used; else this dispatcher's one gateway.
        String gateway = outcome.gateway() != null ? outcome.gateway() : gatewayName;
        stats.metrics().recordMessage("sent", gateway, null);
        // With the ledger, the SENT status is also the ledger entry (one record per message).
        return publisher.publish(StatusEvents.sent(request, gateway, result, attempts, clock.instant()),
                        ledger == null ? null : SentLedger.header(record, result.gatewayMessageIds(), attempts))
                .thenAccept(acked -> { });
    }

    /**
     * Completes a re-delivered record whose message the gateway already accepted, without sending it again. The SENT
     * status is written again from the ledger entry, with the entry (status consumers see a message's SENT at least
     * once; an entry read from the previous release's ledger topic is carried over).
     */
    private CompletionStage<Void> skipSent(ConsumerRecord<byte[], ConsumedValue> record, LedgerEntry entry) {
        NotificationRequest request = record.value().request();
        LOG.debug("Already sent messageId={} partition={} offset={} gatewayMessageId={}: not sending it again",
                request.getMessageId(), record.partition(), record.offset(), entry.gatewayMessageIds().get(0));
        stats.recordLedgerSkipped();
        return publisher.publish(StatusEvents.sent(request, gatewayName,
                        SendResult.accepted(entry.gatewayMessageIds()), entry.attempts(), clock.instant()),
                        SentLedger.header(record, entry.gatewayMessageIds(), entry.attempts()))
                .thenAccept(acked -> { });
    }

    private CompletionStage<Void> suppressed(ConsumerRecord<byte[], ConsumedValue> record) {
        NotificationRequest request = record.value().request();
        LOG.debug("Suppressed messageId={} topic={} partition={} offset={} recipient={}: on the suppression list, "
                        + "not sent", request.getMessageId(), record.topic(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()));
        stats.recordSuppressed();
        stats.metrics().recordMessage("suppressed", null, null);
        return publisher.publish(StatusEvents.suppressed(request, SUPPRESSED,
                RetryHeaders.attempts(record.headers()) + 1, clock.instant())).thenAccept(acked -> { });
    }

    private CompletionStage<Void> expired(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        NotificationRequest request = record.value().request();
        LOG.info("Expired messageId={} partition={} offset={} recipient={} expiresAt={} attempts={}",
                request.getMessageId(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()), request.getExpiresAt(), outcome.attempts());
        stats.recordExpired();
        stats.metrics().recordMessage("expired", outcome.attempts() == 0 ? null
                : outcome.gateway() != null ? outcome.gateway() : gatewayName, EXPIRED);
        String lastError = outcome.result() == null ? "" : "; last error " + outcome.result().errorCode();
        return publisher.publish(StatusEvents.failed(request, DeliveryState.EXPIRED,
                outcome.attempts() == 0 ? null : outcome.gateway() != null ? outcome.gateway() : gatewayName, EXPIRED,
                "expiresAt " + request.getExpiresAt() + " passed before the message was sent" + lastError,
                outcome.attempts(), clock.instant())).thenAccept(acked -> { });
    }

    private CompletionStage<Void> failed(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        return failureRouter.route(record, outcome);
    }

    private CompletionStage<Void> deadLetterPoison(ConsumerRecord<byte[], ConsumedValue> record, Exception error) {
        LOG.warn("Unreadable record partition={} offset={} valueBytes={} error={}: {}; sending it to the DLQ",
                record.partition(), record.offset(), record.value().raw() == null ? -1 : record.value().raw().length,
                error.getClass().getName(), error.getMessage());
        stats.recordPoison();
        stats.recordDeadLettered();
        return publisher.deadLetter(record, error.getClass().getName(), String.valueOf(error.getMessage()),
                DESERIALIZATION_FAILED, 0).thenAccept(acked -> { });
    }
}
