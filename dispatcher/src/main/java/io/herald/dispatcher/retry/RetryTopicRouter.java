package io.herald.dispatcher.retry;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.receive.ConsumedValue;
import io.herald.dispatcher.send.DeliveryOutcome;
import io.herald.dispatcher.send.FailureRouter;
import io.herald.dispatcher.send.SendResult;
import io.herald.dispatcher.status.DeadLetterRouter;
import io.herald.dispatcher.status.StatusPublisher;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PiiMask;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a message that was not accepted after its inline attempts:
 * <ul>
 *   <li>permanent failure: FAILED + DLQ at once ({@link DeadLetterRouter});</li>
 *   <li>transient failure: the record is copied, bytes unchanged, to the next tier's retry topic with
 *       {@link RetryHeaders} (attempts over all tiers, first failure, last error, due time = now + the tier's delay).
 *       A record of {@code notify.requests} goes to the first tier, a record of tier <i>n</i> to tier <i>n</i> +
 *       1;</li>
 *   <li>transient failure after the last tier, or when the next attempt would be due after the request's
 *       {@code expiresAt}: FAILED + DLQ, with the retry headers kept;</li>
 *   <li>a record of a retry topic whose {@code expiresAt} passed before its next attempt (the retry consumer lagged):
 *       FAILED + DLQ with {@code errorCode} {@value #EXPIRED_IN_RETRY}.</li>
 * </ul>
 * The consumed record completes (and may be committed past) once the copy, or the status and DLQ record, were
 * acknowledged by Kafka.
 */
public final class RetryTopicRouter implements FailureRouter {

    private static final Logger LOG = LoggerFactory.getLogger(RetryTopicRouter.class);

    /** {@code errorCode} of a message whose {@code expiresAt} passed while it waited in a retry topic. */
    public static final String EXPIRED_IN_RETRY = "EXPIRED_IN_RETRY";

    private final List<RetryTier> tiers;
    private final StatusPublisher publisher;
    private final DeadLetterRouter deadLetters;
    private final DispatcherStats stats;
    private final Clock clock;

    /**
     * @param tiers the retry tiers in order; empty sends every failure to the DLQ
     * @param publisher writes the retry-topic copies
     * @param deadLetters writes FAILED + DLQ
     * @param stats counts messages handed to a retry topic
     * @param clock the clock for first-failure and due times
     */
    public RetryTopicRouter(List<RetryTier> tiers, StatusPublisher publisher, DeadLetterRouter deadLetters,
                            DispatcherStats stats, Clock clock) {
        this.tiers = List.copyOf(tiers);
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> route(ConsumerRecord<byte[], ConsumedValue> record, DeliveryOutcome outcome) {
        int attempts = RetryHeaders.attempts(record.headers()) + outcome.attempts();
        if (outcome.expired()) {
            Instant expiresAt = record.value().request().getExpiresAt();
            String lastError = outcome.result() != null ? outcome.result().errorCode() + ": "
                    + outcome.result().errorText() : RetryHeaders.lastError(record.headers());
            String text = "expiresAt " + expiresAt + " passed while waiting for a retry; last error " + lastError;
            return deadLetters.deadLetter(record, new DeliveryOutcome(
                    SendResult.permanentFailure(EXPIRED_IN_RETRY, text), attempts, true), text);
        }
        SendResult result = outcome.result();
        DeliveryOutcome total = new DeliveryOutcome(result, attempts, false);
        if (!result.isRetriable()) {
            return deadLetters.deadLetter(record, total, "permanent failure: " + result.errorText());
        }
        int next = tierIndex(record.topic()) + 1;
        if (next >= tiers.size()) {
            return deadLetters.deadLetter(record, total, "transient failure, retries exhausted after " + attempts
                    + " attempts" + (tiers.isEmpty() ? "" : " and " + tiers.size() + " retry tiers") + ": "
                    + result.errorText());
        }
        RetryTier tier = tiers.get(next);
        long now = clock.millis();
        long dueMs = now + tier.delayMs();
        NotificationRequest request = record.value().request();
        Instant expiresAt = request.getExpiresAt();
        if (expiresAt != null && dueMs > expiresAt.toEpochMilli()) {
            return deadLetters.deadLetter(record, total, "transient failure, " + attempts + " attempts; expiresAt "
                    + expiresAt + " comes before the next retry (" + tier.name() + "): " + result.errorText());
        }
        long firstFailureMs = RetryHeaders.firstFailureMs(record.headers(), now);
        String lastError = result.errorCode() + ": " + result.errorText();
        LOG.info("Retry later messageId={} partition={} offset={} recipient={} errorCode={} attempts={} tier={} "
                        + "due={}", request.getMessageId(), record.partition(), record.offset(),
                PiiMask.recipient(request.getRecipient()), result.errorCode(), attempts, tier.name(),
                Instant.ofEpochMilli(dueMs));
        stats.recordRetryScheduled();
        return publisher.copy(record, tier.topic(),
                        headers -> RetryHeaders.set(headers, attempts, firstFailureMs, lastError, dueMs, tier.name()))
                .thenAccept(acked -> { });
    }

    /** @return the index of the tier whose topic this is, or -1 (notify.requests or any other topic) */
    private int tierIndex(String topic) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).topic().equals(topic)) {
                return i;
            }
        }
        return -1;
    }
}
