package io.herald.dispatcher.send.guard;

import io.herald.dispatcher.receive.PartitionListener;
import io.herald.schema.Topics;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Divides each gateway's configured rate limit ({@code gateway.<name>.rate.limit.tps}, the account's TPS) among the
 * consumer group's members: told by the {@code notify.requests} poll loop of every partition it takes or lets go of
 * (Kafka's group membership; no coordinator of our own), it gives each gateway's {@link AdaptiveRateLimit} the share
 * {@code limit × owned partitions / all partitions}. Partitions of other topics (the retry loop's) are ignored.
 *
 * <p>What it costs: a member whose partitions hold less work than others' leaves part of its share unused, so the group
 * may send below the account's TPS while the load is uneven; it never sends above it, but for a moment during a
 * rebalance (a member that has not yet been told of its revoke and one that already took the partition) and for the
 * retry topics' records of a member that owns no partition of {@code notify.requests} (which sends at the share of
 * one partition).
 *
 * <p>Thread-safe: meant for the requests loop's thread, but a listener shared by both poll loops (each calls it on its
 * own thread) must not break it; a revoke racing an assignment once made {@code removed} throw
 * {@link java.util.ConcurrentModificationException} out of the rebalance callback and stopped the dispatcher.
 */
public final class GroupRateShare implements PartitionListener {

    private static final Logger LOG = LoggerFactory.getLogger(GroupRateShare.class);

    private final List<Named> limits;
    private final IntSupplier partitionCount;
    private final Set<TopicPartition> owned = new HashSet<>();

    /**
     * A gateway's rate limit and its name, for the log.
     *
     * @param name the gateway's name
     * @param limit its rate limit
     */
    public record Named(String name, AdaptiveRateLimit limit) {
    }

    /**
     * @param limits every gateway's rate limit
     * @param partitionCount how many partitions {@code notify.requests} has (read when a share is computed)
     */
    public GroupRateShare(List<Named> limits, IntSupplier partitionCount) {
        this.limits = List.copyOf(limits);
        this.partitionCount = partitionCount;
    }

    @Override
    public synchronized void assigned(Map<TopicPartition, Long> startOffsets) {
        boolean changed = false;
        for (TopicPartition partition : startOffsets.keySet()) {
            changed |= Topics.REQUESTS.equals(partition.topic()) && owned.add(partition);
        }
        if (changed) {
            reshare();
        }
    }

    @Override
    public synchronized void removed(Collection<TopicPartition> partitions) {
        boolean changed = false;
        for (TopicPartition partition : partitions) {
            changed |= owned.remove(partition);
        }
        if (changed) {
            reshare();
        }
    }

    /**
     * @return this member's part of the group's sending: owned partitions of {@code notify.requests} / all of them,
     *     counting at least one (a member that owns none still sends its retry topics' records), so above 0 and at
     *     most 1
     */
    public synchronized double share() {
        int total = Math.max(1, partitionCount.getAsInt());
        return Math.min(1.0, Math.max(1, owned.size()) / (double) total);
    }

    private void reshare() {
        int total = Math.max(1, partitionCount.getAsInt());
        for (Named named : limits) {
            int tps = named.limit().share(owned.size(), total);
            if (tps > 0) {
                LOG.info("Gateway {}: this dispatcher owns {} of {} partitions of {}, so it sends at most {} TPS of "
                        + "the account's", named.name(), owned.size(), total, Topics.REQUESTS, tps);
            }
        }
    }
}
