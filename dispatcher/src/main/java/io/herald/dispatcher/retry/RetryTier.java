package io.herald.dispatcher.retry;

import io.herald.dispatcher.config.DurationSpec;
import io.herald.schema.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One retry tier: a retry topic and how long a record waits in it before its next attempt.
 *
 * @param name the tier's name as configured, e.g. {@code 30s}; part of the topic name
 * @param delayMs how long after it was written a record of this tier is due, in ms
 * @param topic the tier's topic, {@code notify.requests.retry.<name>}
 */
public record RetryTier(String name, long delayMs, String topic) {

    /**
     * Parses one tier.
     *
     * @param spec a whole number with a unit ({@link DurationSpec}), e.g. {@code 30s}
     * @return the tier
     * @throws IllegalArgumentException if the spec has another form or is 0
     */
    public static RetryTier parse(String spec) {
        DurationSpec duration = DurationSpec.parse(spec, "retry tier");
        return new RetryTier(duration.name(), duration.millis(), Topics.retryTopic(duration.name()));
    }

    /**
     * Parses a list of tiers.
     *
     * @param specs the tiers in order, each as {@link #parse(String)} takes it
     * @return the tiers; empty for an empty list
     * @throws IllegalArgumentException if a spec is invalid or a tier is named twice
     */
    public static List<RetryTier> parseAll(List<?> specs) {
        List<RetryTier> tiers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object spec : specs) {
            RetryTier tier = parse(String.valueOf(spec));
            if (!names.add(tier.name())) {
                throw new IllegalArgumentException("retry tier '" + tier.name() + "' is listed twice");
            }
            tiers.add(tier);
        }
        return List.copyOf(tiers);
    }
}
