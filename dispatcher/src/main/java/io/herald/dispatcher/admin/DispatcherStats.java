package io.herald.dispatcher.admin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
