package io.herald.ingest.callback;

import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * What became of the records read from one assigned partition, for its offset commits: the offsets whose callback is
 * not finished yet (neither delivered nor given up), and the offset after the last record read. The partition may be
 * committed up to {@link #commitPoint()} and no further, so a crash loses no callback.
 *
 * <p>One object per assignment of the partition: once revoked (or after the sender's loop restarted) it is dead, and a
 * callback that finishes afterwards changes nothing. The consumer thread reads and commits; the POST workers finish.
 */
final class PartitionProgress {

    private final TopicPartition partition;
    /** Offsets read whose callback is not finished. */
    private final TreeSet<Long> unfinished = new TreeSet<>();
    /** The offset after the last record read; -1 before the first. */
    private long next = -1;
    private boolean revoked;
    /** The offset last committed by this assignment, -1 if none; the consumer thread's only. */
    private long committed = -1;

    PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    /** @param offset a record read whose callback is to be sent; it holds the commit point until {@link #finish} */
    synchronized void read(long offset) {
        unfinished.add(offset);
        next = Math.max(next, offset + 1);
    }

    /** @param offset a record read that has nothing to send (no callback URL, unreadable): done at once */
    synchronized void skip(long offset) {
        next = Math.max(next, offset + 1);
    }

    /** @param offset a record whose callback was delivered or given up; ignored once revoked */
    synchronized void finish(long offset) {
        if (!revoked) {
            unfinished.remove(offset);
        }
    }

    /** Ends this assignment: nothing more is committed for it, and nothing finishes in it. */
    synchronized void revoke() {
        revoked = true;
        unfinished.clear();
    }

    synchronized boolean revoked() {
        return revoked;
    }

    /**
     * @return the offset to commit: the lowest unfinished one, or else the one after the last record read; empty if
     *     nothing was read yet or revoked
     */
    synchronized OptionalLong commitPoint() {
        if (revoked || next < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(unfinished.isEmpty() ? next : unfinished.first());
    }

    /** @return how many callbacks read from it are not finished */
    synchronized int unfinished() {
        return unfinished.size();
    }

    /** @return the offset last committed for this assignment, -1 if none (consumer thread only) */
    long committed() {
        return committed;
    }

    /** @param offset the offset just committed (consumer thread only) */
    void committed(long offset) {
        committed = offset;
    }
}
