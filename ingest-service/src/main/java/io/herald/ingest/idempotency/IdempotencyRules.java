package io.herald.ingest.idempotency;

import java.time.Duration;

/**
 * How the records of one key fold into its {@link IdempotencyEntry}, and what a request with the key is told. The
 * fold depends only on the records and their timestamps, so every ingest instance that reads the log in partition
 * order reaches the same entry: among claims that overlap, the first one in the log wins.
 *
 * <ul>
 *   <li>A {@code CLAIM} takes a free key, a claim older than {@code claimTimeout} (its request died with its instance)
 *       or a completion older than {@code retention}. Otherwise it loses and changes nothing.</li>
 *   <li>A {@code DONE} completes the claim that holds the key (or a key without entry, whose claim was compacted away),
 *       and replaces a completion of the same claim (a rewrite); a completion of another claim, still within
 *       {@code retention}, is kept.</li>
 *   <li>A {@code RELEASE} frees the key if its claim still holds it.</li>
 * </ul>
 */
public final class IdempotencyRules {

    /** What a request with a key is to do, given the key's entry. */
    public enum Verdict {
        /** No live entry: claim the key and run. */
        FREE,
        /** A completion with the same request hash: answer with its response. */
        REPLAY,
        /** A live entry with another request hash: 422. */
        MISMATCH,
        /** A live claim with the same request hash, still running: 409, try again shortly. */
        IN_PROGRESS
    }

    private final long retentionMs;
    private final long claimTimeoutMs;

    /**
     * @param retention how long a completed key answers with its response (24 h by default)
     * @param claimTimeout how long a claim holds its key without completing before another request may take it
     */
    public IdempotencyRules(Duration retention, Duration claimTimeout) {
        this.retentionMs = retention.toMillis();
        this.claimTimeoutMs = claimTimeout.toMillis();
    }

    /**
     * @param current the key's entry, or null
     * @param record the key's next record in the log
     * @param partition the record's partition
     * @param offset the record's offset
     * @return the key's entry after the record, or null if the key is free
     */
    public IdempotencyEntry apply(IdempotencyEntry current, IdempotencyRecord record, int partition, long offset) {
        return switch (record.kind()) {
            case CLAIM -> current == null || isOver(current, record.timestampMs())
                    ? new IdempotencyEntry(IdempotencyEntry.State.CLAIMED, record.claimId(), record.requestHash(),
                    record.timestampMs(), null, partition, offset, null)
                    : current;
            case DONE -> current == null || current.state() == IdempotencyEntry.State.CLAIMED
                    || current.claimId().equals(record.claimId()) || isOver(current, record.timestampMs())
                    ? new IdempotencyEntry(IdempotencyEntry.State.DONE, record.claimId(), record.requestHash(),
                    record.timestampMs(), record.batchId(), partition, offset, record.response())
                    : current;
            case RELEASE -> current != null && current.state() == IdempotencyEntry.State.CLAIMED
                    && current.claimId().equals(record.claimId()) ? null : current;
        };
    }

    /**
     * @param current the key's entry, or null
     * @param requestHash the hash of the request that comes with the key
     * @param nowMs the time now, in ms since the epoch
     * @return what the request is to do
     */
    public Verdict verdict(IdempotencyEntry current, String requestHash, long nowMs) {
        if (current == null || isOver(current, nowMs)) {
            return Verdict.FREE;
        }
        if (!current.requestHash().equals(requestHash)) {
            return Verdict.MISMATCH;
        }
        return current.state() == IdempotencyEntry.State.DONE ? Verdict.REPLAY : Verdict.IN_PROGRESS;
    }

    /**
     * @param entry an entry
     * @param nowMs the time now, in ms since the epoch
     * @return whether the entry can be dropped from memory: no record written from now on can depend on it
     */
    public boolean isForgettable(IdempotencyEntry entry, long nowMs) {
        return isForgettable(entry.timestampMs(), nowMs);
    }

    /**
     * @param timestampMs when a claim or completion was written, in ms since the epoch
     * @param nowMs the time now, in ms since the epoch
     * @return whether what was written then can be dropped from memory
     */
    public boolean isForgettable(long timestampMs, long nowMs) {
        return nowMs - timestampMs > retentionMs + claimTimeoutMs;
    }

    /** @return whether a claim has timed out, or a completion expired, at {@code atMs} */
    private boolean isOver(IdempotencyEntry entry, long atMs) {
        long age = atMs - entry.timestampMs();
        return entry.state() == IdempotencyEntry.State.CLAIMED ? age > claimTimeoutMs : age > retentionMs;
    }
}
