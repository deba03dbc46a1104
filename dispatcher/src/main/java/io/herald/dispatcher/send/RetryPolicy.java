package io.herald.dispatcher.send;

import org.apache.kafka.common.utils.ExponentialBackoff;

/**
 * When to retry a transient failure inline, and how long to wait first: exponential backoff with ±20% jitter (Kafka's
 * {@link ExponentialBackoff}), from {@code retry.inline.backoff.initial.ms} doubling up to
 * {@code retry.inline.backoff.max.ms}, for at most {@code retry.inline.max.attempts} attempts in all.
 */
public final class RetryPolicy {

    private static final int MULTIPLIER = 2;
    private static final double JITTER = 0.2;

    private final int maxAttempts;
    private final ExponentialBackoff backoff;

    /**
     * @param maxAttempts attempts in all, the first included; at least 1
     * @param initialBackoffMs delay before the second attempt, in ms
     * @param maxBackoffMs upper bound of any delay, in ms
     */
    public RetryPolicy(int maxAttempts, long initialBackoffMs, long maxBackoffMs) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.backoff = new ExponentialBackoff(initialBackoffMs, MULTIPLIER, maxBackoffMs, JITTER);
    }

    /**
     * @param result the outcome of the last attempt
     * @param attemptsMade attempts made so far, the last one included
     * @return true if the result is transient and attempts remain
     */
    public boolean shouldRetry(SendResult result, int attemptsMade) {
        return result.isRetriable() && attemptsMade < maxAttempts;
    }

    /**
     * @param attemptsMade attempts made so far, at least 1
     * @return the delay before the next attempt, in ms: about initial × 2^(attemptsMade − 1), capped, ±20%
     */
    public long delayMs(int attemptsMade) {
        return backoff.backoff(Math.max(0, attemptsMade - 1));
    }

    /** @return attempts in all, the first included */
    public int maxAttempts() {
        return maxAttempts;
    }
}
