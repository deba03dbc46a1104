package io.herald.dispatcher.admin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Counters and gauges of one dispatcher process, for {@code GET /stats} and {@code GET /health}. Counters are
 * incremented from any thread; gauges are set by the poll thread.
 */
public final class DispatcherStats {

    private final LongAdder consumed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder poison = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder gatewayWaits = new LongAdder();
    private volatile Supplier<String> circuitState = () -> "CLOSED";
    private volatile IntSupplier rateLimitTps = () -> 0;
    private final AtomicLong lastPollNanos = new AtomicLong(0);
    private volatile int inFlight;
    private volatile boolean paused;
    private volatile Map<String, Long> committed = Map.of();

    public void recordConsumed(int count) {
        consumed.add(count);
    }

    public void recordSent() {
        sent.increment();
    }

    public void recordFailed() {
        failed.increment();
    }

    public void recordExpired() {
        expired.increment();
    }

    public void recordDeadLettered() {
        deadLettered.increment();
    }

    public void recordPoison() {
        poison.increment();
    }

    /** @param count attempts beyond the first */
    public void recordRetries(int count) {
        retries.add(count);
    }

    /** Counts a submit the gateway throttled ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}). */
    public void recordThrottled() {
        throttled.increment();
    }

    /** Counts a message that had to wait for an unavailable gateway (open circuit, no bound session). */
    public void recordGatewayWait() {
        gatewayWaits.increment();
    }

    /**
     * @param circuitState the gateway circuit's state (CLOSED, OPEN, HALF_OPEN)
     * @param rateLimitTps the gateway's current send rate limit in TPS, 0 for none
     */
    public void setGatewayGauges(Supplier<String> circuitState, IntSupplier rateLimitTps) {
        this.circuitState = circuitState;
        this.rateLimitTps = rateLimitTps;
    }

    /** @param nanos {@link System#nanoTime()} when poll returned */
    public void recordPoll(long nanos) {
        lastPollNanos.set(nanos);
    }

    public void setInFlight(int value) {
        inFlight = value;
    }

    public void setPaused(boolean value) {
        paused = value;
    }

    /** @param offsets partition name ({@code topic-partition}) to last committed offset */
    public void setCommitted(Map<String, Long> offsets) {
        committed = Map.copyOf(offsets);
    }

    /** @return {@link System#nanoTime()} of the last poll, 0 if none yet */
    public long lastPollNanos() {
        return lastPollNanos.get();
    }

    public long consumed() {
        return consumed.sum();
    }

    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long expired() {
        return expired.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    public long poison() {
        return poison.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long throttled() {
        return throttled.sum();
    }

    public long gatewayWaits() {
        return gatewayWaits.sum();
    }

    /** @return the gateway circuit's state: CLOSED, OPEN or HALF_OPEN */
    public String circuitState() {
        return circuitState.get();
    }

    /** @return the gateway's current send rate limit in TPS; 0 for none */
    public int rateLimitTps() {
        return rateLimitTps.getAsInt();
    }

    public int inFlight() {
        return inFlight;
    }

    public boolean paused() {
        return paused;
    }

    /** @return partition name to last committed offset, sorted by name */
    public Map<String, Long> committed() {
        return new TreeMap<>(committed);
    }
}
