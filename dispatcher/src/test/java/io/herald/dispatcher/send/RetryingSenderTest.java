package io.herald.dispatcher.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.MovableClock;
import io.herald.dispatcher.admin.DispatcherStats;
import io.herald.dispatcher.send.SendResult.TransientCause;
import io.herald.dispatcher.send.guard.AdaptiveRateLimit;
import io.herald.dispatcher.send.guard.GatewayCircuit;
import io.herald.dispatcher.send.guard.GatewayGuard;
import io.herald.dispatcher.send.route.Lane;
import io.herald.dispatcher.send.route.RouteTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The sender's reaction to throttling and to an unavailable gateway, with the real rate limit and circuit breaker,
 * a scripted gateway, a clock the test moves and a scheduler the test runs step by step.
 */
class RetryingSenderTest {

    private static final int MAX_ATTEMPTS = 3;
    private static final Message MESSAGE = new Message("m-1", "Herald", Fixtures.RECIPIENT, "hello");
    private static final SendResult THROTTLED = SendResult.transientFailure(TransientCause.THROTTLED,
            "ESME_RTHROTTLED", "throttled");
    private static final SendResult NOT_BOUND = SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE,
            "SMPP_NOT_BOUND", "no bound SMPP session");
    private static final SendResult ACCEPTED = SendResult.accepted(List.of("gw-1"));


    /** A gateway whose answer the test decides per call. */
    private static final class ScriptedGateway implements Gateway {
        Function<Integer, SendResult> answer = call -> ACCEPTED;
        boolean available = true;
        int calls;

        @Override
        public String name() {
            return "smpp";
        }

        @Override
        public SendResult send(Message message) {
            return answer.apply(++calls);
        }

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public void close() {
        }
    }

    /** A delayed task: its delay, when it is due, and the order it was scheduled in. */
    private record Scheduled(long delayMs, Instant due, long seq, Runnable task) {
    }

    private final MovableClock clock = new MovableClock(Fixtures.NOW);
    private final ScriptedGateway gateway = new ScriptedGateway();
    private final DispatcherStats stats = new DispatcherStats();
    private final GatewayGuard guard = Fixtures.guard(clock);
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>(
            Comparator.comparing(Scheduled::due).thenComparingLong(Scheduled::seq));
    private long seq;
    private final List<Long> delays = new ArrayList<>();
    private final RetryingSender sender = new RetryingSender(gateway, new RetryPolicy(MAX_ATTEMPTS, 200, 5000), guard,
            stats, (LongFunction<Executor>) delayMs -> task -> scheduled.add(
                    new Scheduled(delayMs, clock.now.plusMillis(delayMs), seq++, task)), clock);

    /** Runs the step due first, moving the clock to when it is due. */
    private void runNext() {
        Scheduled next = scheduled.poll();
        assertThat(next).as("a scheduled step").isNotNull();
        delays.add(next.delayMs());
        if (next.due().isAfter(clock.now)) {
            clock.now = next.due();
        }
        next.task().run();
    }

    private DeliveryOutcome runUntilDone(CompletableFuture<DeliveryOutcome> outcome, int maxSteps) {
        for (int i = 0; i < maxSteps && !outcome.isDone(); i++) {
            runNext();
        }
        assertThat(outcome).isDone();
        return outcome.join();
    }

    @Test
    void throttledSubmitsAreNotFailedAttemptsAndTheSameMessageIsSentUntilAccepted() {
        // given a gateway that throttles the first 6 submits (twice retry.inline.max.attempts), then accepts
        gateway.answer = call -> call <= 6 ? THROTTLED : ACCEPTED;
        // when the message is sent
        DeliveryOutcome outcome = runUntilDone(sender.send(MESSAGE, null).toCompletableFuture(), 20);
        // then it was sent, on the 7th call, after backing off between the throttled ones
        assertThat(outcome.isSent()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(7);
        assertThat(delays).hasSize(6).allMatch(delay -> delay > 0);
        assertThat(stats.throttled()).isEqualTo(6);
        // and the shared rate limit came down from "none"
        assertThat(guard.rateLimit().limitTps()).isPositive();
    }

    @Test
    void aMessageThrottledUntilItsExpiryIsExpiredNotFailed() {
        // given a gateway that always throttles and a message expiring in 30 s
        gateway.answer = call -> THROTTLED;
        // when it is sent
        DeliveryOutcome outcome = runUntilDone(
                sender.send(MESSAGE, Fixtures.NOW.plusSeconds(30)).toCompletableFuture(), 1000);
        // then it ends expired, with the throttling as its last result, after more calls than retry.inline.max.attempts
        assertThat(outcome.expired()).isTrue();
        assertThat(outcome.result().errorCode()).isEqualTo("ESME_RTHROTTLED");
        assertThat(outcome.attempts()).isGreaterThan(MAX_ATTEMPTS);
    }

    @Test
    void otherTransientErrorsStillUseUpTheAttempts() {
        // given a gateway that always answers ESME_RSYSERR
        gateway.answer = call -> SendResult.transientFailure("ESME_RSYSERR", "system error");
        // when the message is sent
        DeliveryOutcome outcome = runUntilDone(sender.send(MESSAGE, null).toCompletableFuture(), 20);
        // then it failed after retry.inline.max.attempts
        assertThat(outcome.isSent()).isFalse();
        assertThat(outcome.expired()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void whileTheGatewayIsDownTheCircuitOpensAndTheMessageWaitsWithoutUsingUpAttempts() {
        // given an SMSC that is down (no bound session)
        gateway.available = false;
        gateway.answer = call -> NOT_BOUND;
        // when five messages are sent
        List<CompletableFuture<DeliveryOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            outcomes.add(sender.send(MESSAGE, null).toCompletableFuture());
        }
        // then the circuit opened after those five sends, and none of them failed
        assertThat(guard.circuit().state()).isEqualTo("OPEN");
        assertThat(outcomes).noneMatch(CompletableFuture::isDone);
        assertThat(stats.gatewayWaits()).isEqualTo(5);
        // when time passes with the SMSC still down
        Instant down = clock.now;
        for (int i = 0; i < 200; i++) {
            runNext();
        }
        // then only the half-open probes (3 per open period of 1 s) reached the gateway
        long seconds = Duration.between(down, clock.now).toSeconds();
        assertThat(seconds).isPositive();
        assertThat(gateway.calls).isLessThanOrEqualTo(5 + 3 * (int) (seconds + 1));
        assertThat(outcomes).noneMatch(CompletableFuture::isDone);
        // when the SMSC comes back
        gateway.available = true;
        gateway.answer = call -> ACCEPTED;
        Instant back = clock.now;
        for (int i = 0; i < 200 && !outcomes.stream().allMatch(CompletableFuture::isDone); i++) {
            runNext();
        }
        // then every message was sent, after more calls than retry.inline.max.attempts each would allow
        assertThat(outcomes).allMatch(CompletableFuture::isDone);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.join().isSent()).isTrue());
        assertThat(guard.circuit().isClosed()).isTrue();
        // and, on the test's clock, sending resumed within the circuit's open wait plus a re-check of the SMSC's return
        assertThat(Duration.between(back, clock.now)).isLessThanOrEqualTo(Duration.ofMillis(1000 + 250 + 250));
    }

    @Test
    void aSingleTimeoutWhileTheCircuitIsClosedAndTheGatewayBoundIsAFailedAttempt() {
        // given a bound gateway whose submit times out once, then accepts
        gateway.answer = call -> call == 1 ? SendResult.transientFailure(TransientCause.GATEWAY_UNAVAILABLE,
                "SMPP_TIMEOUT", "no submit_sm_resp") : ACCEPTED;
        // when the message is sent
        DeliveryOutcome outcome = runUntilDone(sender.send(MESSAGE, null).toCompletableFuture(), 5);
        // then it was retried after the normal backoff (not a gateway wait) and sent
        assertThat(outcome.isSent()).isTrue();
        assertThat(delays).hasSize(1);
        assertThat(delays.get(0)).isBetween(160L, 240L);
        assertThat(stats.gatewayWaits()).isZero();
    }

    @Test
    void aThrottledAnswerWithRetryAfterIsSentAgainNoSoonerThanTheGatewayAsked() {
        // given a gateway that throttles the first submit asking for 7 s (more than any backoff here), then accepts
        List<Instant> callTimes = new ArrayList<>();
        gateway.answer = call -> {
            callTimes.add(clock.now);
            return call == 1 ? SendResult.throttled("HTTP_429", "too many requests", 7000) : ACCEPTED;
        };
        // when the message is sent
        DeliveryOutcome outcome = runUntilDone(sender.send(MESSAGE, null).toCompletableFuture(), 5);
        // then it was sent on the second call, scheduled 7000 ms after the throttled one, not after the ~200 ms backoff
        assertThat(outcome.isSent()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(delays.get(0)).isEqualTo(7000L);
        assertThat(Duration.between(callTimes.get(0), callTimes.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        assertThat(stats.throttled()).isEqualTo(1);
    }

    @Test
    void aTransientErrorWithRetryAfterWaitsAtLeastThatLongAndStillUsesUpAnAttempt() {
        // given a gateway that answers 503 with Retry-After 3 s once, then accepts
        gateway.answer = call -> call == 1
                ? SendResult.transientFailure(TransientCause.ERROR, "HTTP_503", "service unavailable", 3000)
                : ACCEPTED;
        // when the message is sent
        DeliveryOutcome outcome = runUntilDone(sender.send(MESSAGE, null).toCompletableFuture(), 5);
        // then the retry waited the 3000 ms asked for instead of the ~200 ms backoff
        assertThat(outcome.isSent()).isTrue();
        assertThat(delays).containsExactly(3000L);
        assertThat(stats.throttled()).isZero();
    }

    @Test
    void aThrottledAnswerWithoutRetryAfterKeepsTheBackoff() {
        // given a gateway that throttles once without naming a delay
        gateway.answer = call -> call == 1 ? THROTTLED : ACCEPTED;
        // when the message is sent
        DeliveryOutcome outcome = runUntilDone(sender.send(MESSAGE, null).toCompletableFuture(), 5);
        // then the first delay is the policy's first backoff, 200 ms ±20%
        assertThat(outcome.isSent()).isTrue();
        assertThat(THROTTLED.retryAfterMs()).isZero();
        assertThat(delays.get(0)).isBetween(160L, 240L);
    }

    @Test
    void withARouteAMessageFailsOverToTheNextGatewayWhileTheFirstOnesCircuitIsOpenAndReturnsAfter() {
        // given a route primary|backup, where primary is down (no bound session)
        ScriptedGateway backup = new ScriptedGateway();
        GatewayGuard backupGuard = Fixtures.guard(clock);
        RouteTable routes = RouteTable.parse(List.of("*=primary|backup"), Map.of(
                "primary", new Lane("primary", gateway, guard), "backup", new Lane("backup", backup, backupGuard)));
        RetryingSender routed = new RetryingSender(routes, new RetryPolicy(MAX_ATTEMPTS, 200, 5000), stats,
                (LongFunction<Executor>) delayMs -> task -> scheduled.add(
                        new Scheduled(delayMs, clock.now.plusMillis(delayMs), seq++, task)), clock);
        gateway.available = false;
        gateway.answer = call -> NOT_BOUND;

        // when a message is sent
        DeliveryOutcome first = runUntilDone(routed.send(MESSAGE, null).toCompletableFuture(), 50);

        // then once primary's circuit opened it went through backup, and the outcome says so
        assertThat(guard.circuit().state()).isEqualTo("OPEN");
        assertThat(first.isSent()).isTrue();
        assertThat(first.gateway()).isEqualTo("backup");
        assertThat(backup.calls).isEqualTo(1);

        // and while the circuit stays open, the next message goes straight to backup
        int primaryCalls = gateway.calls;
        assertThat(runUntilDone(routed.send(MESSAGE, null).toCompletableFuture(), 5).gateway()).isEqualTo("backup");
        assertThat(gateway.calls).isEqualTo(primaryCalls);

        // when primary recovers and its circuit's wait has passed
        gateway.available = true;
        gateway.answer = call -> ACCEPTED;
        clock.now = clock.now.plusSeconds(2);

        // then messages go back to it: the probes close the circuit
        for (int i = 0; i < 4; i++) {
            assertThat(runUntilDone(routed.send(MESSAGE, null).toCompletableFuture(), 5).gateway())
                    .isEqualTo("primary");
        }
        assertThat(guard.circuit().state()).isEqualTo("CLOSED");
        assertThat(backup.calls).isEqualTo(2);
    }

    @Test
    void aLongSmsTakesARatePermitPerSegmentWhileTheGatewayHasALimit() {
        // given gateways limited to 10 submits per second: 1 per 100 ms slice
        Message threeSegments = new Message("m-3", "Herald", Fixtures.RECIPIENT, "x".repeat(400));
        Message oneSegment = new Message("m-4", "Herald", Fixtures.RECIPIENT, "x".repeat(150));

        // when a 1-segment SMS is sent through a fresh limit, it takes the slice's permit and goes at once
        List<Long> oneDelays = sendLimited(oneSegment);
        // and a 3-segment one (3 submit_sm, GSM 7-bit 153 septets each) waits for two more slices
        List<Long> threeDelays = sendLimited(threeSegments);

        assertThat(oneDelays).allMatch(delay -> delay == 0);
        assertThat(threeDelays).anyMatch(delay -> delay >= 100);
    }

    @Test
    void messagesBeyondTheLimitsHorizonReserveNothingAndAskAgainUntilThereIsRoom() throws Exception {
        // given a 10 TPS limit (one submit per 100 ms slice, reserved at most a second ahead) and 20 messages at once
        GatewayGuard limited = new GatewayGuard(new AdaptiveRateLimit(10, 10, 10, clock::millis),
                new GatewayCircuit(new GatewayCircuit.Settings(50, 20, 5, 1000, 3), clock));
        RetryingSender limitedSender = new RetryingSender(gateway, new RetryPolicy(MAX_ATTEMPTS, 200, 5000), limited,
                stats, (LongFunction<Executor>) delayMs -> task -> scheduled.add(
                        new Scheduled(delayMs, clock.now.plusMillis(delayMs), seq++, task)), clock);
        List<CompletableFuture<DeliveryOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(limitedSender.send(MESSAGE, null).toCompletableFuture());
        }
        // then about a second's worth holds a permit and waits for its slice; the rest were told to ask again
        assertThat(scheduled).extracting(Scheduled::delayMs).filteredOn(delay -> delay == 250L).hasSizeBetween(8, 10);
        // when (real) time passes and each asks again, as often as it takes
        Thread.sleep(AdaptiveRateLimit.HORIZON.toMillis() * 2 + 200);
        for (int step = 0; step < 200 && outcomes.stream().anyMatch(outcome -> !outcome.isDone()); step++) {
            if (scheduled.isEmpty()) {
                Thread.sleep(100);
                continue;
            }
            runNext();
            if (!scheduled.isEmpty() && scheduled.peek().delayMs() == 250L) {
                Thread.sleep(20);
            }
        }
        // then every one was sent, once
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isDone());
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.join().isSent()).isTrue());
        assertThat(gateway.calls).isEqualTo(20);
    }

    /** @return the delays of the steps that sent the message through a fresh 10 TPS limit */
    private List<Long> sendLimited(Message message) {
        GatewayGuard limited = new GatewayGuard(new AdaptiveRateLimit(10, 10, 10, clock::millis),
                new GatewayCircuit(new GatewayCircuit.Settings(50, 20, 5, 1000, 3), clock));
        RetryingSender limitedSender = new RetryingSender(gateway, new RetryPolicy(MAX_ATTEMPTS, 200, 5000), limited,
                stats, (LongFunction<Executor>) delayMs -> task -> scheduled.add(
                        new Scheduled(delayMs, clock.now.plusMillis(delayMs), seq++, task)), clock);
        delays.clear();
        DeliveryOutcome outcome = runUntilDone(limitedSender.send(message, null).toCompletableFuture(), 10);
        assertThat(outcome.isSent()).isTrue();
        return List.copyOf(delays);
    }
}
