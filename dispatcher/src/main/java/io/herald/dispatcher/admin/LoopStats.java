package io.herald.dispatcher.admin;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of one poll loop (the {@code notify.requests} consumer or the retry topics' consumer), set by its poll
 * thread and read by the admin server.
 */
public final class LoopStats {

    private final AtomicLong lastPollNanos = new AtomicLong(0);
    private volatile int inFlight;
    private volatile boolean paused;
    private volatile int held;
    private volatile Map<String, Long> committed = Map.of();

    /** @param nanos {@link System#nanoTime()} when poll returned */
    public void recordPoll(long nanos) {
        lastPollNanos.set(nanos);
    }

    /** @param value records consumed and not yet completed */
    public void setInFlight(int value) {
        inFlight = value;
    }

    /** @param value true while every assigned partition is paused (back-pressure or open circuit) */
    public void setPaused(boolean value) {
        paused = value;
    }

    /** @param value partitions paused until their next record is due (retry topics) */
    public void setHeld(int value) {
        held = value;
    }

    /** @param offsets partition name ({@code topic-partition}) to last committed offset */
    public void setCommitted(Map<String, Long> offsets) {
        committed = Map.copyOf(offsets);
    }

    /** @return {@link System#nanoTime()} of the last poll, 0 if none yet */
    public long lastPollNanos() {
        return lastPollNanos.get();
    }

    public int inFlight() {
        return inFlight;
    }

    public boolean paused() {
        return paused;
    }

    public int held() {
        return held;
    }

    public Map<String, Long> committed() {
        return committed;
    }
}
