package io.herald.dispatcher.offset;

import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The offsets of one partition that were dispatched and have not completed, and from them the offset that is safe to
 * commit. Records complete out of order (different recipients run in parallel); the committable offset is the lowest
 * offset not yet completed, or one past the highest dispatched when all have completed. Offsets that never reached the
 * dispatcher (compacted away, transaction markers) are gaps and do not hold the commit back.
 *
 * <p>Not thread-safe: only the poll thread uses it.
 */
final class PartitionOffsets {

    private final long epoch;
    private final NavigableSet<Long> pending = new TreeSet<>();
    private final NavigableSet<Long> abandoned = new TreeSet<>();
    private long highestDispatched = -1;
    private long lastCommitted = -1;

    PartitionOffsets(long epoch) {
        this.epoch = epoch;
    }

    long epoch() {
        return epoch;
    }

    void dispatched(long offset) {
        if (offset <= highestDispatched) {
            throw new IllegalStateException("offset " + offset + " dispatched after " + highestDispatched);
        }
        highestDispatched = offset;
        pending.add(offset);
    }

    /** @return true if the offset was pending */
    boolean completed(long offset) {
        abandoned.remove(offset);
        return pending.remove(offset);
    }

    /** The record will not be processed here (it was queued when its partition was revoked); it stays uncommitted. */
    void abandoned(long offset) {
        if (pending.contains(offset)) {
            abandoned.add(offset);
        }
    }

    /** @return the offset to commit (next record to read), or -1 if nothing was dispatched */
    long committable() {
        if (!pending.isEmpty()) {
            return pending.first();
        }
        return highestDispatched < 0 ? -1 : highestDispatched + 1;
    }

    /** @return the committable offset if it is ahead of the last commit, else -1 */
    long committableSinceLastCommit() {
        long offset = committable();
        return offset > lastCommitted ? offset : -1;
    }

    void committed(long offset) {
        lastCommitted = Math.max(lastCommitted, offset);
    }

    long lastCommitted() {
        return lastCommitted;
    }

    /** @return records dispatched and not completed, abandoned ones included */
    int pending() {
        return pending.size();
    }

    /** @return records dispatched, not completed and not abandoned: the ones a revoke must wait for */
    int awaited() {
        return pending.size() - abandoned.size();
    }
}
