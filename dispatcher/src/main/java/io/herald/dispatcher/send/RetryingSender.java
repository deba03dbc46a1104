package io.herald.dispatcher.send;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.send.guard.GatewayGuard;
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
 * Sends a message through a {@link Gateway} behind its {@link GatewayGuard}, retrying transient failures inline. No
 * wait holds a thread: every wait (rate permit, open circuit, backoff) schedules the next step on the sender pool.
 *
 * <p>Before each send: if the circuit is open, wait and look again; then reserve a rate permit and wait for it; then
 * ask the circuit for permission (a half-open circuit permits only its probes). After the send:
 * <ul>
 *   <li>accepted, or a permanent failure: done;</li>
 *   <li>throttled ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}, HTTP 429): the rate limit is lowered and the same message is
 *       sent again after a backoff; <em>not</em> a failed attempt, so it never uses up {@code retry.inline.max.attempts};</li>
 *   <li>gateway unavailable (no bound session, bind lost, response timeout) while the circuit is no longer closed or
 *       the gateway has no bound session: the message waits for the gateway; not a failed attempt;</li>
 *   <li>any other transient failure: a failed attempt, retried after exponential backoff with jitter while attempts
 *       remain per the {@link RetryPolicy}.</li>
 * </ul>
 * When the gateway named a delay of its own ({@link SendResult#retryAfterMs()}, e.g. HTTP {@code Retry-After}), the
 * next attempt at that message waits at least that long, whatever the backoff says. Only {@code expiresAt} ends the
 * waiting: a message whose {@code expiresAt} passes before a send is reported expired.
 * The first step runs on the calling thread.
 */
public final class RetryingSender {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);

    /** How often a message waiting for an open circuit looks again, in ms. */
    static final long CIRCUIT_RECHECK_MS = 250;

    private final Gateway gateway;
    private final RetryPolicy policy;
    private final GatewayGuard guard;
    private final DispatcherStats stats;
    private final LongFunction<Executor> delayed;
    private final Clock clock;

    /**
     * @param gateway the gateway
     * @param policy when and after how long to retry failed attempts (and the backoff after throttling)
     * @param guard the shared rate limit and circuit breaker of this gateway
     * @param stats counters (throttled submits, gateway waits)
     * @param senderPool the threads later steps run on
     * @param clock the clock {@code expiresAt} is checked against
     */
    public RetryingSender(Gateway gateway, RetryPolicy policy, GatewayGuard guard, DispatcherStats stats,
                          Executor senderPool, Clock clock) {
        this(gateway, policy, guard, stats,
                (LongFunction<Executor>) delayMs -> CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS,
                        senderPool),
                clock);
    }

    /**
     * @param gateway the gateway
     * @param policy when and after how long to retry failed attempts (and the backoff after throttling)
     * @param guard the shared rate limit and circuit breaker of this gateway
     * @param stats counters (throttled submits, gateway waits)
     * @param delayed gives, for a delay in ms, an executor that runs a task after that delay
     * @param clock the clock {@code expiresAt} is checked against
     */
    public RetryingSender(Gateway gateway, RetryPolicy policy, GatewayGuard guard, DispatcherStats stats,
                          LongFunction<Executor> delayed, Clock clock) {
        this.gateway = gateway;
        this.policy = policy;
        this.guard = guard;
        this.stats = stats;
        this.delayed = delayed;
        this.clock = clock;
    }

    /**
     * Sends a message, with retries.
     *
     * @param message the message
     * @param expiresAt give up before a send that would start after this instant; null never expires
     * @return a stage that completes, never exceptionally unless the gateway threw, with the outcome
     */
    public CompletionStage<DeliveryOutcome> send(Message message, Instant expiresAt) {
        Delivery delivery = new Delivery(message, expiresAt);
        delivery.step();
        return delivery.outcome;
    }

    /** One message's way through the guard; its steps run one after another, never at once. */
    private final class Delivery {
        final Message message;
        final Instant expiresAt;
        final CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
        /** Gateway calls made. */
        int calls;
        /** Failed attempts: the calls that count against {@code retry.inline.max.attempts}. */
        int failedAttempts;
        int throttles;
        boolean permitReserved;
        boolean waitingForGateway;
        SendResult last;

        Delivery(Message message, Instant expiresAt) {
            this.message = message;
            this.expiresAt = expiresAt;
        }

        void step() {
            try {
                if (expiresAt != null && clock.instant().isAfter(expiresAt)) {
                    outcome.complete(new DeliveryOutcome(last, calls, true));
                    return;
                }
                if (guard.circuit().isOpen()) {
                    waitForGateway();
                    return;
                }
                if (!permitReserved) {
                    permitReserved = true;
                    long waitNanos = guard.rateLimit().reserveNanos();
                    if (waitNanos > 0) {
                        later(TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
                        return;
                    }
                }
                if (!guard.circuit().tryAcquire()) {
                    waitForGateway();
                    return;
                }
                permitReserved = false;
                waitingForGateway = false;
                long start = System.nanoTime();
                SendResult result = gateway.send(message);
                guard.circuit().record(result, System.nanoTime() - start);
                calls++;
                last = result;
                handle(result);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }

        private void handle(SendResult result) {
            if (result.isAccepted()) {
                guard.rateLimit().onAccepted();
                outcome.complete(new DeliveryOutcome(result, calls, false));
            } else if (!result.isRetriable()) {
                outcome.complete(new DeliveryOutcome(result, calls, false));
            } else if (result.isThrottled()) {
                throttles++;
                stats.recordThrottled();
                guard.rateLimit().onThrottled();
                long delayMs = Math.max(policy.delayMs(throttles), result.retryAfterMs());
                LOG.debug("messageId={} throttled ({}), sending again in {} ms", message.messageId(),
                        result.errorCode(), delayMs);
                later(delayMs);
            } else if (result.isGatewayUnavailable() && (!guard.circuit().isClosed() || !gateway.isAvailable())) {
                LOG.debug("messageId={}: gateway unavailable ({}), waiting for it", message.messageId(),
                        result.errorCode());
                waitForGateway();
            } else {
                failedAttempts++;
                if (!policy.shouldRetry(result, failedAttempts)) {
                    outcome.complete(new DeliveryOutcome(result, calls, false));
                    return;
                }
                long delayMs = Math.max(policy.delayMs(failedAttempts), result.retryAfterMs());
                LOG.debug("messageId={} attempt {} failed transiently ({}), retrying in {} ms", message.messageId(),
                        failedAttempts, result.errorCode(), delayMs);
                later(delayMs);
            }
        }

        private void waitForGateway() {
            if (!waitingForGateway) {
                waitingForGateway = true;
                stats.recordGatewayWait();
            }
            later(CIRCUIT_RECHECK_MS);
        }

        private void later(long delayMs) {
            delayed.apply(delayMs).execute(this::step);
        }
    }
}
