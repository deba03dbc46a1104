package io.herald.smsc.smpp;

import java.util.function.LongSupplier;

/**
 * A token bucket for the max-tps cap: refills {@code ratePerSecond} tokens per second up to a capacity of one second's
 * worth, starting full. A rate of 0 means no cap. Thread-safe.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final int ratePerSecond;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastRefillNanos;

    /**
     * @param ratePerSecond tokens added per second and the bucket's capacity; 0 = unlimited
     * @param nanoTime      the clock in ns, {@code System::nanoTime} outside tests
     */
    public TokenBucket(int ratePerSecond, LongSupplier nanoTime) {
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("ratePerSecond must be >= 0");
        }
        this.ratePerSecond = ratePerSecond;
        this.nanoTime = nanoTime;
        this.tokens = ratePerSecond;
        this.lastRefillNanos = nanoTime.getAsLong();
    }

    /** @return true when a token was taken (the request is within the cap), false when the bucket is empty */
    public synchronized boolean tryAcquire() {
        if (ratePerSecond == 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(ratePerSecond, tokens + (now - lastRefillNanos) / NANOS_PER_SECOND * ratePerSecond);
        lastRefillNanos = now;
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }
}
