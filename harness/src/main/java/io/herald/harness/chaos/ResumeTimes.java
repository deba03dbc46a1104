package io.herald.harness.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How long after each {@code kill -9} sending resumed for the killed dispatcher's partitions: from the kill to the
 * first message the SMSC simulator received ({@code receivedAt}) whose {@code notify.requests} partition the victim
 * owned when it was killed, whoever sent it (the restarted victim, or a survivor after a rebalance).
 *
 * <p>Arrivals in the first {@value #GRACE_MS} ms after the victim was gone are not counted: a {@code submit_sm} the
 * victim wrote just before the kill may still be read from the simulator's socket then. Nothing can resume that fast
 * anyway (a restart is a JVM start, a rebalance at least a heartbeat).
 */
final class ResumeTimes {

    /** Arrivals this soon after the victim was gone are its own last writes, in ms. */
    static final long GRACE_MS = 250;

    /**
     * One kill.
     *
     * @param victim the killed dispatcher's name, e.g. {@code dispatcher-2}
     * @param killedAtMs when SIGKILL was sent, epoch ms
     * @param goneAtMs when the process was seen gone, epoch ms
     * @param partitions the {@code notify.requests} partitions the victim owned then
     */
    record Kill(String victim, long killedAtMs, long goneAtMs, Set<Integer> partitions) {
    }

    private ResumeTimes() {
    }

    /**
     * @param kills the kills, in order
     * @param messages what the simulator received
     * @param partitionOf the partition of each accepted message id
     * @return per kill, ms from the kill to the first later arrival of a message of its partitions; empty for a kill
     *     whose partitions are unknown or saw no later message
     */
    static List<OptionalLong> measure(List<Kill> kills, Collection<Arrival> messages,
                                      Map<String, Integer> partitionOf) {
        List<OptionalLong> resumes = new ArrayList<>();
        for (Kill kill : kills) {
            long first = Long.MAX_VALUE;
            for (Arrival message : messages) {
                Integer partition = message.heraldMessageId() == null ? null
                        : partitionOf.get(message.heraldMessageId());
                if (partition == null || !kill.partitions().contains(partition) || message.receivedAt() == null) {
                    continue;
                }
                long at = Instant.parse(message.receivedAt()).toEpochMilli();
                if (at >= kill.goneAtMs() + GRACE_MS && at < first) {
                    first = at;
                }
            }
            resumes.add(first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first - kill.killedAtMs()));
        }
        return resumes;
    }
}
