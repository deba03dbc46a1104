package io.herald.smsc.smpp;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives each accepted submit_sm a message_id (SMPP 3.4 §5.2.23): 10 lowercase hex digits, the width of the receipt
 * {@code id:} field of Appendix B. It counts up from a random start, so ids do not repeat within a run and rarely across
 * runs.
 */
final class MessageIdGenerator {

    private static final long MASK_40_BITS = (1L << 40) - 1;

    private final AtomicLong next = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 39));

    /** @return a fresh message id */
    String next() {
        return String.format("%010x", next.getAndIncrement() & MASK_40_BITS);
    }
}
