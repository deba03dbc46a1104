package io.herald.smsc.smpp;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives each accepted submit_sm a message_id (SMPP 3.4 §5.2.23): 10 lowercase hex digits, the width of the receipt
 * {@code id:} field of Appendix B. It counts up from a random start between 2^36 and 2^39, so ids do not repeat within
 * a run and rarely across runs.
 */
final class MessageIdGenerator {

    private static final long MASK_40_BITS = (1L << 40) - 1;

    // From 2^36 up: the decimal form of every id (receiptIdFormat DECIMAL) has at least 11 digits, so it never reads
    // as one of these 10-digit hex ids.
    private final AtomicLong next = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 36, 1L << 39));

    /** @return a fresh message id */
    String next() {
        return String.format("%010x", next.getAndIncrement() & MASK_40_BITS);
    }
}
