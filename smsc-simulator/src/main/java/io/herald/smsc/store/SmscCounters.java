package io.herald.smsc.store;

import java.util.concurrent.atomic.LongAdder;

/** The per-PDU counters behind {@code GET /stats}; see {@link io.herald.smsc.SmscStats} for their meaning. */
public final class SmscCounters {

    private final LongAdder submitSm = new LongAdder();
    private final LongAdder segments = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder receiptsSent = new LongAdder();
    private final LongAdder receiptsFailed = new LongAdder();

    public void submitSmReceived() {
        submitSm.increment();
    }

    public void segmentAccepted() {
        segments.increment();
    }

    public void throttled() {
        throttled.increment();
    }

    public void errorInjected() {
        errors.increment();
    }

    public void invalid() {
        invalid.increment();
    }

    public void receiptSent() {
        receiptsSent.increment();
    }

    public void receiptFailed() {
        receiptsFailed.increment();
    }

    public long submitSm() {
        return submitSm.sum();
    }

    public long segments() {
        return segments.sum();
    }

    public long throttledCount() {
        return throttled.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long invalidCount() {
        return invalid.sum();
    }

    public long receiptsSent() {
        return receiptsSent.sum();
    }

    public long receiptsFailed() {
        return receiptsFailed.sum();
    }

    /** Sets every counter back to 0. */
    public void reset() {
        submitSm.reset();
        segments.reset();
        throttled.reset();
        errors.reset();
        invalid.reset();
        receiptsSent.reset();
        receiptsFailed.reset();
    }
}
