package io.herald.dispatcher.send.guard;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.herald.dispatcher.send.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Resilience4j {@link CircuitBreaker} around the gateway. Only "the gateway is unavailable" counts as a failure
 * ({@link SendResult#isGatewayUnavailable()}: no bound session, bind lost, response timeout); an accepted message and a
 * permanent refusal are successes (the gateway answered), throttling is neither.
 * <ul>
 *   <li>CLOSED: sends go through. When at least {@code minimumCalls} of the last {@code windowCalls} sends were
 *       recorded and {@code failureRatePercent}% of them failed, it opens.</li>
 *   <li>OPEN: no send is permitted; the poll loop pauses its partitions and records in flight wait. After
 *       {@code openMs} the next {@link #tryAcquire()} moves it to HALF_OPEN.</li>
 *   <li>HALF_OPEN: {@code halfOpenCalls} probe sends are permitted; if they succeed it closes, else it opens
 *   again.</li>
 * </ul>
 * The move from OPEN to HALF_OPEN happens in {@link #tryAcquire()} or {@link #isOpen()}, on the caller's thread (no
 * scheduler thread).
 *
 * <p>Thread-safe.
 */
public final class GatewayCircuit {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCircuit.class);

    /**
     * Settings of the circuit.
     *
     * @param failureRatePercent failure rate, in percent (1–100), at or above which the circuit opens
     * @param windowCalls sends in the count-based sliding window
     * @param minimumCalls sends recorded before the failure rate is computed, at most {@code windowCalls}
     * @param openMs how long the circuit stays open before probing, in ms
     * @param halfOpenCalls probe sends permitted while half-open
     */
    public record Settings(int failureRatePercent, int windowCalls, int minimumCalls, long openMs,
                           int halfOpenCalls) {
    }

    /** The failure recorded for an unavailable gateway; its message is the send result's. */
    static final class GatewayUnavailableException extends RuntimeException {
        GatewayUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private final CircuitBreaker breaker;

    /**
     * @param settings the settings
     * @param clock the clock for the open-state wait
     */
    public GatewayCircuit(Settings settings, Clock clock) {
        this.breaker = CircuitBreaker.of("gateway", CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowCalls())
                .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.windowCalls()))
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(Duration.ofMillis(settings.openMs()))
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordExceptions(GatewayUnavailableException.class)
                .clock(clock)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            if (transition == CircuitBreaker.StateTransition.CLOSED_TO_OPEN) {
                LOG.warn("Gateway circuit CLOSED -> OPEN: the gateway is unavailable; partitions pause, records in "
                        + "flight wait; probing every {} ms", settings.openMs());
            } else if (transition == CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN
                    || transition == CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN) {
                LOG.debug("Gateway circuit {} -> {}", transition.getFromState(), transition.getToState());
            } else {
                LOG.info("Gateway circuit {} -> {}", transition.getFromState(), transition.getToState());
            }
        });
    }

    /**
     * Asks to send now. In HALF_OPEN this takes one of the probe permits; a caller that got one must {@link #record}
     * the send's result.
     *
     * @return true if the caller may send
     */
    public boolean tryAcquire() {
        return breaker.tryAcquirePermission();
    }

    /**
     * Records the result of a send that {@link #tryAcquire()} permitted.
     *
     * @param result the gateway's answer
     * @param durationNanos how long the send took, in ns
     */
    public void record(SendResult result, long durationNanos) {
        if (result.isGatewayUnavailable()) {
            breaker.onError(durationNanos, TimeUnit.NANOSECONDS,
                    new GatewayUnavailableException(result.errorCode() + ": " + result.errorText()));
        } else if (result.isThrottled()) {
            breaker.releasePermission();
        } else {
            breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * @return true while the circuit is OPEN; once its wait has passed this moves it to HALF_OPEN and returns false,
     *     so that a paused poll loop resumes and new records can probe
     */
    public boolean isOpen() {
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return false;
        }
        if (breaker.tryAcquirePermission()) {
            // The wait has passed: it is half-open now. Give the probe permit back to a real send.
            breaker.releasePermission();
            return false;
        }
        return true;
    }

    /** @return true while CLOSED: sends go through without probing */
    public boolean isClosed() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** @return the state's name: CLOSED, OPEN or HALF_OPEN */
    public String state() {
        return breaker.getState().name();
    }
}
