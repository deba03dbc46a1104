package io.herald.dispatcher.send;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.receive.RecordHandler;
import io.herald.dispatcher.status.StatusEvents;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.Channel;
import io.herald.schema.DeliveryState;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PiiMask;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one consumed record to completion:
 * <ul>
 *   <li>unreadable (poison) record: DLQ record with the original bytes;</li>
 *   <li>request for a channel this dispatcher has no gateway for: FAILED + DLQ;</li>
 *   <li>otherwise send with inline retries; accepted: SENT status; {@code expiresAt} passed: EXPIRED status; not
 *       accepted: the {@link FailureRouter} (FAILED + DLQ for now).</li>
 * </ul>
 * The returned stage completes when what was written was acknowledged by Kafka.
 */
public final class RecordSender implements RecordHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSender.class);

    /** {@code errorCode} of a record that could not be deserialized. */
    public static final String DESERIALIZATION_FAILED = "DESERIALIZATION_FAILED";
    /** {@code errorCode} of a request whose channel has no gateway here. */
    public static final String CHANNEL_NOT_SUPPORTED = "CHANNEL_NOT_SUPPORTED";
    /** {@code errorCode} of a request whose {@code expiresAt} passed before it was sent. */
    public static final String EXPIRED = "EXPIRED";

    private final RetryingSender sender;
    private final String gatewayName;
    private final StatusPublisher publisher;
    private final FailureRouter failureRouter;
    private final DispatcherStats stats;
    private final Clock clock;

    /**
     * @param sender sends with inline retries
     * @param gatewayName name of the gateway for status events, e.g. {@code smpp}
     * @param publisher writes status events and DLQ records
     * @param failureRouter where messages go that were not accepted
     * @param stats counters
     * @param clock the clock for event times
     */
    public RecordSender(RetryingSender sender, String gatewayName, StatusPublisher publisher,
                        FailureRouter failureRouter, DispatcherStats stats, Clock clock) {
        this.sender = sender;
        this.gatewayName = gatewayName;
        this.publisher = publisher;
        this.failureRouter = failureRouter;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public CompletionStage<?> handle(ConsumerRecord<byte[], ConsumedValue> record) {
        ConsumedValue value = record.value();
        if (value.isPoison()) {
            return deadLetterPoison(record, value.error());
        }
        NotificationRequest request = value.request();
        if (request.getChannel() != Channel.SMS) {
            SendResult refused = SendResult.permanentFailure(CHANNEL_NOT_SUPPORTED,
                    "no gateway for channel " + request.getChannel());
            return failed(record, new DeliveryOutcome(refused, 0, false));
        }
        Message message = new Message(request.getMessageId(), request.getSender(), request.getRecipient(),
                request.getText());
        return sender.send(message, request.getExpiresAt()).thenCompose(outcome -> {
            if (outcome.attempts() > 1) {
                stats.recordRetries(outcome.attempts() - 1);
            }
            if (outcome.expired()) {
                return expired(record, outcome);
            }
            if (outcome.isSent()) {
                return sent(record, outcome);
            }
            return failed(record, outcome);
        });
    }

    private CompletionStage<Void> sent(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        NotificationRequest request = record.value().request();
        SendResult result = outcome.result();
        LOG.debug("Sent messageId={} partition={} offset={} recipient={} segments={} gatewayMessageId={} attempt={}",
                request.getMessageId(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()), result.segments(), result.gatewayMessageId(),
                outcome.attempts());
        stats.recordSent();
        return publisher.publish(StatusEvents.sent(request, gatewayName, result, outcome.attempts(), clock.instant()))
                .thenAccept(acked -> { });
    }

    private CompletionStage<Void> expired(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        NotificationRequest request = record.value().request();
        LOG.info("Expired messageId={} partition={} offset={} recipient={} expiresAt={} attempts={}",
                request.getMessageId(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()), request.getExpiresAt(), outcome.attempts());
        stats.recordExpired();
        String lastError = outcome.result() == null ? "" : "; last error " + outcome.result().errorCode();
        return publisher.publish(StatusEvents.failed(request, DeliveryState.EXPIRED,
                outcome.attempts() == 0 ? null : gatewayName, EXPIRED,
                "expiresAt " + request.getExpiresAt() + " passed before the message was sent" + lastError,
                outcome.attempts(), clock.instant())).thenAccept(acked -> { });
    }

    private CompletionStage<Void> failed(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        NotificationRequest request = record.value().request();
        SendResult result = outcome.result();
        LOG.warn("Failed messageId={} partition={} offset={} recipient={} kind={} errorCode={} error=\"{}\" "
                        + "attempts={}", request.getMessageId(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()), result.kind(), result.errorCode(), result.errorText(),
                outcome.attempts());
        stats.recordFailed();
        stats.recordDeadLettered();
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
