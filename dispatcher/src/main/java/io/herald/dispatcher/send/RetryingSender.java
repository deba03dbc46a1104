package io.herald.dispatcher.send;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message through a {@link Gateway}, retrying transient failures inline per a {@link RetryPolicy}. The first
 * attempt runs on the calling thread; a retry waits without holding a thread and then runs on the sender pool.
 */
public final class RetryingSender {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);

    private final Gateway gateway;
    private final RetryPolicy policy;
    private final LongFunction<Executor> delayed;
    private final Clock clock;

    /**
     * @param gateway the gateway
     * @param policy when and after how long to retry
     * @param senderPool the threads retries run on
     * @param clock the clock {@code expiresAt} is checked against
     */
    public RetryingSender(Gateway gateway, RetryPolicy policy, Executor senderPool, Clock clock) {
        this(gateway, policy,
                (LongFunction<Executor>) delayMs -> CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS,
                        senderPool),
                clock);
    }

    /**
     * @param gateway the gateway
     * @param policy when and after how long to retry
     * @param delayed gives, for a delay in ms, an executor that runs a task after that delay
     * @param clock the clock {@code expiresAt} is checked against
     */
    public RetryingSender(Gateway gateway, RetryPolicy policy, LongFunction<Executor> delayed, Clock clock) {
        this.gateway = gateway;
        this.policy = policy;
        this.delayed = delayed;
        this.clock = clock;
    }

    /**
     * Sends a message, with retries.
     *
     * @param message the message
     * @param expiresAt give up before an attempt that would start after this instant; null never expires
     * @return a stage that completes, never exceptionally, with the outcome
     */
    public CompletionStage<DeliveryOutcome> send(Message message, Instant expiresAt) {
        CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
        attempt(message, expiresAt, 1, null, outcome);
        return outcome;
    }

    private void attempt(Message message, Instant expiresAt, int attempt, SendResult previous,
                         CompletableFuture<DeliveryOutcome> outcome) {
        try {
            if (expiresAt != null && clock.instant().isAfter(expiresAt)) {
                outcome.complete(new DeliveryOutcome(previous, attempt - 1, true));
                return;
            }
            SendResult result = gateway.send(message);
            if (!policy.shouldRetry(result, attempt)) {
                outcome.complete(new DeliveryOutcome(result, attempt, false));
                return;
            }
            long delayMs = policy.delayMs(attempt);
            LOG.debug("messageId={} attempt {} failed transiently ({}), retrying in {} ms", message.messageId(),
                    attempt, result.errorCode(), delayMs);
            delayed.apply(delayMs).execute(() -> attempt(message, expiresAt, attempt + 1, result, outcome));
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
    }
}
