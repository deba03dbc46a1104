package io.herald.dispatcher.schedule;

import io.herald.dispatcher.config.DurationSpec;
import io.herald.schema.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One delay tier: a topic where a record whose {@code notBefore} is still ahead waits a fixed time. Every record of a
 * tier waits the same time, so its partitions are in due order and the consumer only ever waits for the head.
 *
 * @param name the tier's name as configured, e.g. {@code 1h}; part of the topic name
 * @param holdMs how long after it was written a record of this tier is due, in ms
 * @param topic the tier's topic, {@code notify.requests.delay.<name>}
 */
public record DelayTier(String name, long holdMs, String topic) {

    /**
     * Parses a list of tiers.
     *
     * @param specs the tiers, each a whole number with a unit ({@link DurationSpec}), e.g. {@code 5s}; any order
     * @return the tiers, shortest first
     * @throws IllegalArgumentException if the list is empty, a spec is invalid, or two specs are the same duration
     */
    public static List<DelayTier> parseAll(List<?> specs) {
        List<DelayTier> tiers = new ArrayList<>();
        Set<Long> durations = new HashSet<>();
        for (Object spec : specs) {
            DurationSpec duration = DurationSpec.parse(String.valueOf(spec), "delay tier");
            if (!durations.add(duration.millis())) {
                throw new IllegalArgumentException("delay tier '" + spec + "' is listed twice");
            }
            tiers.add(new DelayTier(duration.name(), duration.millis(), Topics.delayTopic(duration.name())));
        }
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one delay tier is needed");
        }
        tiers.sort(Comparator.comparingLong(DelayTier::holdMs));
        return List.copyOf(tiers);
    }

    /**
     * The tier for a record that is due in {@code remainingMs}: the longest tier that does not hold it past its
     * time, or the shortest tier if even that one does (the record is then late by less than the shortest hold, never
     * early).
     *
     * @param tiers the tiers, shortest first
     * @param remainingMs time until the record's {@code notBefore}, in ms, greater than 0
     * @return the tier
     */
    public static DelayTier choose(List<DelayTier> tiers, long remainingMs) {
        DelayTier chosen = tiers.get(0);
        for (DelayTier tier : tiers) {
            if (tier.holdMs() <= remainingMs) {
                chosen = tier;
            }
        }
        return chosen;
    }
}
