package io.herald.dispatcher.send;

import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.send.guard.AdaptiveRateLimit;
import io.herald.dispatcher.send.guard.GatewayGuard;
import io.herald.dispatcher.send.route.Lane;
import io.herald.dispatcher.send.route.RouteTable;
import io.herald.schema.Channel;
import io.herald.schema.PriorityLane;
import io.herald.schema.PushPlatform;
import io.herald.sms.SmsEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>With a {@link RouteTable}, each step sends through the first gateway of the recipient's route whose circuit is
 * not open (failover); when that gateway's circuit closes again, the next steps go back to it. The outcome names the
 * gateway of the last call. Every wait below applies to the gateway chosen; only when every gateway of the route is
 * open does the message wait for one.
 *
 * <p>Before each send: if the circuit is open, wait and look again; then reserve a rate permit and wait for it; then
 * ask the circuit for permission (a half-open circuit permits only its probes). After the send:
 * <ul>
 *   <li>accepted, or a permanent failure: done;</li>
 *   <li>throttled ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}, HTTP 429): the rate limit is lowered and the same
 *       message is sent again after a backoff; <em>not</em> a failed attempt, so it never uses up
 *       {@code retry.inline.max.attempts};</li>
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

    /**
     * How far ahead a message of the {@code normal} or {@code bulk} lane may reserve a rate permit: 200 ms, two of the
     * limit's 100 ms slices.
     */
    public static final Duration LOWER_LANES_HORIZON = Duration.ofMillis(200);

    /** How often a message waiting for an open circuit looks again, in ms. */
    static final long CIRCUIT_RECHECK_MS = 250;

    private final RouteTable routes;
    private final RetryPolicy policy;
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
        this(RouteTable.single(new Lane(gateway.name(), gateway, guard)), policy, stats, delayed, clock);
    }

    /**
     * @param routes the gateways of each recipient, each with its own guard, in order of preference
     * @param policy when and after how long to retry failed attempts (and the backoff after throttling)
     * @param stats counters (throttled submits, gateway waits)
     * @param delayed gives, for a delay in ms, an executor that runs a task after that delay
     * @param clock the clock {@code expiresAt} is checked against
     */
    public RetryingSender(RouteTable routes, RetryPolicy policy, DispatcherStats stats,
                          LongFunction<Executor> delayed, Clock clock) {
        this.routes = routes;
        this.policy = policy;
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
        return send(message, Channel.SMS, expiresAt);
    }

    /**
     * Sends a message of a channel through that channel's gateways, with retries.
     *
     * @param message the message
     * @param channel its channel; some gateway must send it ({@link #serves})
     * @param expiresAt give up before a send that would start after this instant; null never expires
     * @return a stage that completes, never exceptionally unless the gateway threw, with the outcome
     * @throws IllegalArgumentException if no gateway sends the channel
     */
    public CompletionStage<DeliveryOutcome> send(Message message, Channel channel, Instant expiresAt) {
        return send(message, channel, expiresAt, PriorityLane.HIGH);
    }

    /**
     * Sends a message of a channel and priority lane through that channel's gateways, with retries. A message of the
     * {@code normal} or {@code bulk} lane reserves a rate permit at most {@link #LOWER_LANES_HORIZON} ahead (a
     * {@code high} one up to {@link AdaptiveRateLimit#HORIZON}): with a TPS limit, a backlog of those lanes books at
     * most that much of the gateway's time, so that a {@code high} message behind it waits at most that long.
     *
     * @param message the message
     * @param channel its channel; some gateway must send it ({@link #serves})
     * @param expiresAt give up before a send that would start after this instant; null never expires
     * @param priority its priority lane; null for normal
     * @return a stage that completes, never exceptionally unless the gateway threw, with the outcome
     * @throws IllegalArgumentException if no gateway sends the channel
     */
    public CompletionStage<DeliveryOutcome> send(Message message, Channel channel, Instant expiresAt,
                                                 PriorityLane priority) {
        List<Lane> lanes = routes.lanesFor(channel, message.recipient(), message.platform());
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("no gateway sends " + channel);
        }
        Delivery delivery = new Delivery(message, channel, expiresAt, lanes,
                priority == PriorityLane.HIGH ? AdaptiveRateLimit.HORIZON : LOWER_LANES_HORIZON);
        delivery.step();
        return delivery.outcome;
    }

    /**
     * @param channel a channel
     * @param platform for push, the device's platform; ignored for the other channels
     * @return whether some gateway of the route table sends it
     */
    public boolean serves(Channel channel, PushPlatform platform) {
        return routes.serves(channel, platform);
    }

    /** One message's way through the guard; its steps run one after another, never at once. */
    private final class Delivery {
        final Message message;
        final Instant expiresAt;
        /** The message's route: its gateways in order of preference. */
        final List<Lane> lanes;
        /**
         * Gateways whose half-open circuit refused a probe in the current step; tried after the others. Null until
         * the first refusal: almost every message never has one, and up to {@code max.in.flight} Deliveries are
         * alive at once.
         */
        Set<Lane> refused;
        /** The gateway of the pending rate permit and of the last call. */
        Lane lane;
        final CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
        /** Gateway calls made. */
        int calls;
        /** Failed attempts: the calls that count against {@code retry.inline.max.attempts}. */
        int failedAttempts;
        int throttles;
        boolean permitReserved;
        /** Time spent asking again for a permit the limit had no room for within its horizon, in ns. */
        long rateWaitNanos;
        boolean waitingForGateway;
        SendResult last;
        final boolean sms;
        /** The submits the message takes (its SMS segments), counted once it is first needed; 0 until then. */
        int submits;

        /** How far ahead a rate permit may be reserved. */
        final Duration horizon;

        Delivery(Message message, Channel channel, Instant expiresAt, List<Lane> lanes, Duration horizon) {
            this.message = message;
            this.horizon = horizon;
            this.sms = channel == Channel.SMS;
            this.expiresAt = expiresAt;
            this.lanes = lanes;
        }

        /**
         * @return the rate permits a send of the message takes: its SMS segments, each a {@code submit_sm} the
         *     gateway account's TPS counts (per SMS encoding, 3GPP TS 23.038/23.040, as the SMPP gateway splits it);
         *     1 for e-mail and push, and while the gateway has no limit (then nothing is counted, and the text is
         *     not encoded here)
         */
        int permits() {
            if (!sms || !lane.guard().rateLimit().isLimited()) {
                return 1;
            }
            if (submits == 0) {
                submits = Math.max(1, Math.min(SmsEncoder.MAX_SEGMENTS, SmsEncoder.info(message.text()).segments()));
            }
            return submits;
        }

        /** The first gateway of the route whose circuit is not open and did not refuse a probe; null if none. */
        private Lane pick() {
            for (Lane candidate : lanes) {
                if (!candidate.guard().circuit().isOpen() && (refused == null || !refused.contains(candidate))) {
                    return candidate;
                }
            }
            return null;
        }

        void step() {
            try {
                if (expiresAt != null && clock.instant().isAfter(expiresAt)) {
                    outcome.complete(outcome(last, true));
                    return;
                }
                Lane chosen = pick();
                if (chosen == null) {
                    refused = null;
                    waitForGateway();
                    return;
                }
                if (chosen != lane) {
                    // Another gateway than the one the pending permit (if any) was reserved on.
                    lane = chosen;
                    permitReserved = false;
                }
                if (!permitReserved) {
                    long waitNanos = lane.guard().rateLimit().reserveNanos(permits(), horizon);
                    if (waitNanos < 0) {
                        // The limit is booked beyond its horizon: nothing reserved, ask again later.
                        rateWaitNanos += -waitNanos;
                        later(TimeUnit.NANOSECONDS.toMillis(-waitNanos + 999_999));
                        return;
                    }
                    permitReserved = true;
                    stats.metrics().recordRateLimitWait(lane.name(), rateWaitNanos + waitNanos);
                    rateWaitNanos = 0;
                    if (waitNanos > 0) {
                        later(TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
                        return;
                    }
                }
                if (!lane.guard().circuit().tryAcquire()) {
                    // A half-open circuit whose probes are taken: the next gateway of the route, if any.
                    if (refused == null) {
                        refused = new HashSet<>();
                    }
                    refused.add(lane);
                    step();
                    return;
                }
                refused = null;
                permitReserved = false;
                waitingForGateway = false;
                long start = System.nanoTime();
                SendResult result = lane.gateway().send(message);
                long nanos = System.nanoTime() - start;
                lane.guard().circuit().record(result, nanos);
                stats.metrics().recordSubmit(lane.name(), resultLabel(result), result.errorCode(), nanos);
                calls++;
                last = result;
                handle(result);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }

        private DeliveryOutcome outcome(SendResult result, boolean expired) {
            return new DeliveryOutcome(result, calls, expired, lane == null ? null : lane.name());
        }

        private void handle(SendResult result) {
            GatewayGuard guard = lane.guard();
            if (result.isAccepted()) {
                guard.rateLimit().onAccepted(result.segments());
                outcome.complete(outcome(result, false));
            } else if (!result.isRetriable()) {
                outcome.complete(outcome(result, false));
            } else if (result.isThrottled()) {
                throttles++;
                stats.recordThrottled();
                guard.rateLimit().onThrottled();
                long delayMs = Math.max(policy.delayMs(throttles), result.retryAfterMs());
                LOG.debug("messageId={} throttled ({}), sending again in {} ms", message.messageId(),
                        result.errorCode(), delayMs);
                later(delayMs);
            } else if (result.isGatewayUnavailable()
                    && (!guard.circuit().isClosed() || !lane.gateway().isAvailable())) {
                LOG.debug("messageId={}: gateway unavailable ({}), waiting for it", message.messageId(),
                        result.errorCode());
                waitForGateway();
            } else {
                failedAttempts++;
                if (!policy.shouldRetry(result, failedAttempts)) {
                    outcome.complete(outcome(result, false));
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

    /**
     * @param result a gateway's answer
     * @return its label in {@code herald_dispatcher_submits_total}: accepted, throttled, unavailable, transient or
     *     permanent
     */
    static String resultLabel(SendResult result) {
        if (result.isAccepted()) {
            return "accepted";
        }
        if (!result.isRetriable()) {
            return "permanent";
        }
        return result.isThrottled() ? "throttled" : result.isGatewayUnavailable() ? "unavailable" : "transient";
    }
}
