package io.herald.ingest.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A global budget of request body bytes held at once, which bounds the heap the ingest service spends on requests in
 * progress: bodies being read, parsed and rendered, and their records waiting for Kafka's acknowledgement. Callers
 * take bytes before they hold them and give them back when the request ends; what does not fit is shed at once
 * (never queued). Thread-safe and lock-free.
 */
public final class InFlightBytes {

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    /** @param limit the most bytes held at once, at least 1 */
    public InFlightBytes(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 byte, not " + limit);
        }
        this.limit = limit;
    }

    /**
     * @param bytes how many bytes to take, at least 0
     * @return whether they fit and were taken; if not, nothing was taken
     */
    public boolean tryAcquire(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** @param bytes bytes taken by {@link #tryAcquire} to give back */
    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** @return the bytes held now (a metrics gauge) */
    public long held() {
        return held.get();
    }

    /** @return the most bytes held at once */
    public long limit() {
        return limit;
    }
}
