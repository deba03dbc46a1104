package io.herald.dispatcher.status;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.send.DeliveryOutcome;
import io.herald.dispatcher.send.FailureRouter;
import io.herald.dispatcher.send.SendResult;
import io.herald.schema.DeliveryState;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PiiMask;
import io.herald.schema.SuppressionEntry;
import io.herald.schema.Topics;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the road for a message the gateway did not accept: a FAILED status and a DLQ record (original bytes,
 * original headers, {@link DeadLetterHeaders}); the record completes when both are acknowledged. Used alone when no
 * retry tiers are configured, and by {@link io.herald.dispatcher.retry.RetryTopicRouter} for permanent failures and
 * for messages that ran out of retries.
 */
public final class DeadLetterRouter implements FailureRouter {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

    /** {@value DeadLetterHeaders#ERROR_CLASS} of a message the gateway refused or could not take. */
    public static final String SEND_FAILURE = "SendFailure";

    private final StatusPublisher publisher;
    private final String gateway;
    private final DispatcherStats stats;
    private final Clock clock;

    /**
     * @param publisher writes the status and the DLQ record
     * @param gateway the gateway name for the status event
     * @param stats counts failed and dead-lettered messages
     * @param clock the clock for event times
     */
    public DeadLetterRouter(StatusPublisher publisher, String gateway, DispatcherStats stats, Clock clock) {
        this.publisher = publisher;
        this.gateway = gateway;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> route(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        SendResult result = outcome.result();
        String reason = result.isRetriable() ? "transient failure, " + outcome.attempts() + " attempts: "
                : "permanent failure: ";
        return deadLetter(record, outcome, reason + result.errorText());
    }

    /**
     * Dead-letters a message with a given description.
     *
     * @param record the consumed record
     * @param outcome how its last attempts ended; {@link DeliveryOutcome#attempts()} is the total over all tiers
     * @param description why it failed, for the status's errorMessage and the DLQ's error header; never the message
     *     text or the recipient
     * @return completes when the status and the DLQ record were acknowledged
     */
    public CompletionStage<Void> deadLetter(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome,
                                            String description) {
        NotificationRequest request = record.value().request();
        SendResult result = outcome.result();
        LOG.warn("Failed messageId={} topic={} partition={} offset={} recipient={} kind={} errorCode={} error=\"{}\" "
                        + "attempts={}", request.getMessageId(), record.topic(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()), result.kind(), result.errorCode(), description,
                outcome.attempts());
        stats.recordFailed();
        stats.recordDeadLettered();
        // The gateway of the last attempt (with routing, maybe not the first); none if no gateway was tried.
        String used = outcome.gateway() != null ? outcome.gateway() : outcome.attempts() == 0 ? null : gateway;
        stats.metrics().recordMessage("failed", used, result.errorCode());
        CompletableFuture<?> status = publisher.publish(StatusEvents.failed(request, DeliveryState.FAILED, used,
                result.errorCode(), description, outcome.attempts(), clock.instant()));
        CompletableFuture<?> dlq = publisher.deadLetter(record, SEND_FAILURE, description, result.errorCode(),
                outcome.attempts());
        if (result.isUnregistered()) {
            // A shared entry: the token is gone for every client. Acknowledged before the record completes, so a
            // crash cannot lose it.
            SuppressionEntry entry = new SuppressionEntry(request.getRecipient(),
                    SuppressionEntry.SOURCE_PUSH_UNREGISTERED, result.errorCode(), clock.instant());
            LOG.info("Unregistered recipient={} (messageId={} errorCode={}): added to {}",
                    PiiMask.recipient(request.getRecipient()), request.getMessageId(), result.errorCode(),
                    Topics.SUPPRESSIONS);
            return CompletableFuture.allOf(status, dlq,
                    publisher.write(Topics.SUPPRESSIONS, null, entry.key(), entry.toJson()));
        }
        return CompletableFuture.allOf(status, dlq);
    }
}
