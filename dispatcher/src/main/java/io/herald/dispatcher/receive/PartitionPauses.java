package io.herald.dispatcher.receive;

import io.herald.dispatcher.admin.LoopStats;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of a {@link PollLoop}'s partitions are paused, and why: all of them for back-pressure ({@code max.in.flight}
 * records in flight, resumed at half) or while the gateway's circuit is open, or during a stall hold; otherwise those
 * held at a record not yet due and those whose fetched records wait for room. The loop's thread only. Logs as
 * {@link PollLoop}.
 */
final class PartitionPauses {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private final Consumer<?, ?> consumer;
    private final Time time;
    private final String name;
    private final int maxInFlight;
    private final LoopStats gauges;
    private final BooleanSupplier gatewayDown;
    /** Partitions held until their next record is due: partition to due time in ms since the epoch. */
    private final Map<TopicPartition, Long> held = new HashMap<>();
    /** True while every assigned partition is paused for back-pressure or an open circuit. */
    private boolean paused;
    private boolean pausedForGateway;
    /** Until when, in ms, nothing is dispatched after a stall. */
    private long stallHoldUntilMs;

    /**
     * @param consumer the loop's consumer
     * @param time the clock of due times and stall holds
     * @param name the loop's name, for the log
     * @param maxInFlight records in flight at which every partition is paused
     * @param gauges where paused and held are shown
     * @param gatewayDown true while the gateway's circuit is open
     */
    PartitionPauses(Consumer<?, ?> consumer, Time time, String name, int maxInFlight, LoopStats gauges,
                    BooleanSupplier gatewayDown) {
        this.consumer = consumer;
        this.time = time;
        this.name = name;
        this.maxInFlight = maxInFlight;
        this.gauges = gauges;
        this.gatewayDown = gatewayDown;
    }

    /** @return whether every partition is paused for back-pressure or an open circuit */
    boolean allPaused() {
        return paused;
    }

    /** @return whether the partition is held at a record not yet due */
    boolean isHeld(TopicPartition tp) {
        return held.containsKey(tp);
    }

    /**
     * Nothing is dispatched, and every partition stays paused, until then.
     *
     * @param untilMs the end of the hold, in ms since the epoch
     */
    void holdAfterStall(long untilMs) {
        stallHoldUntilMs = untilMs;
    }

    /**
     * @param nowMs the time, in ms since the epoch
     * @return whether a stall hold lasts
     */
    boolean inStallHold(long nowMs) {
        return nowMs < stallHoldUntilMs;
    }

    /** Holds a partition at a record that is not yet due: seek back to it, pause until due. */
    void hold(TopicPartition tp, long offset, long dueMs) {
        consumer.seek(tp, offset);
        held.put(tp, dueMs);
        LOG.debug("{}: holding {} at offset {} for {} ms", name, tp, offset, dueMs - time.milliseconds());
    }

    /** Lets go of held partitions whose record is due; {@link #sync} resumes them. */
    void releaseDue() {
        if (!held.isEmpty()) {
            long now = time.milliseconds();
            held.values().removeIf(due -> due <= now);
        }
    }

    /** Newly assigned partitions start paused while every partition is. */
    void assigned(Collection<TopicPartition> partitions) {
        if (paused) {
            consumer.pause(partitions);
        }
    }

    /** Forgets revoked or lost partitions. */
    void removed(Collection<TopicPartition> partitions) {
        partitions.forEach(held::remove);
    }

    /**
     * Pauses every partition at {@code max.in.flight} records in flight or while the gateway's circuit is open, and
     * resumes them at half, then {@link #sync}s.
     *
     * @param inFlight records in flight now
     * @param buffered the partitions whose fetched records wait for room
     */
    void applyBackPressure(int inFlight, Set<TopicPartition> buffered) {
        gauges.setInFlight(inFlight);
        boolean down = gatewayDown.getAsBoolean();
        if (down != pausedForGateway) {
            pausedForGateway = down;
            if (down) {
                LOG.debug("{}: gateway circuit open: pausing {} partitions; {} records in flight wait for the gateway",
                        name, consumer.assignment().size(), inFlight);
            } else {
                LOG.debug("{}: gateway circuit no longer open", name);
            }
        }
        if (!paused && (down || inFlight >= maxInFlight)) {
            paused = true;
            gauges.setPaused(true);
            if (!down) {
                LOG.info("{}: paused {} partitions: {} records in flight (max.in.flight {})", name,
                        consumer.assignment().size(), inFlight, maxInFlight);
            }
        } else if (paused && !down && inFlight <= maxInFlight / 2) {
            paused = false;
            gauges.setPaused(false);
            LOG.info("{}: resumed {} partitions: {} records in flight", name,
                    consumer.assignment().size() - held.size() - buffered.size(), inFlight);
        }
        sync(buffered);
    }

    /**
     * Pauses and resumes partitions so that exactly these are paused: all (if every partition is paused, or during a
     * stall hold), else the held and the buffered ones.
     *
     * @param buffered the partitions whose fetched records wait for room
     */
    void sync(Set<TopicPartition> buffered) {
        Set<TopicPartition> assignment = consumer.assignment();
        Set<TopicPartition> want;
        if (paused || time.milliseconds() < stallHoldUntilMs) {
            want = assignment;
        } else if (buffered.isEmpty()) {
            want = held.keySet();
        } else {
            want = new HashSet<>(held.keySet());
            want.addAll(buffered);
        }
        Set<TopicPartition> now = consumer.paused();
        List<TopicPartition> toPause = want.stream().filter(tp -> !now.contains(tp) && assignment.contains(tp))
                .toList();
        List<TopicPartition> toResume = now.stream().filter(tp -> !want.contains(tp)).toList();
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
        gauges.setHeld(held.size());
    }
}
