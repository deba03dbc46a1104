package io.herald.dispatcher.retry;

import io.herald.schema.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One retry tier: a retry topic and how long a record waits in it before its next attempt.
 *
 * @param name the tier's name as configured, e.g. {@code 30s}; part of the topic name
 * @param delayMs how long after it was written a record of this tier is due, in ms
 * @param topic the tier's topic, {@code notify.requests.retry.<name>}
 */
public record RetryTier(String name, long delayMs, String topic) {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /**
     * Parses one tier.
     *
     * @param spec a whole number with a unit: {@code ms}, {@code s}, {@code m} or {@code h}, e.g. {@code 30s}
     * @return the tier
     * @throws IllegalArgumentException if the spec has another form or is 0
     */
    public static RetryTier parse(String spec) {
        String name = spec.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("retry tier '" + spec + "' is not a whole number with a unit "
                    + "ms, s, m or h, e.g. 30s");
        }
        long amount = Long.parseLong(m.group(1));
        long unitMs = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        if (amount == 0) {
            throw new IllegalArgumentException("retry tier '" + spec + "' must be longer than 0");
        }
        return new RetryTier(name, amount * unitMs, Topics.retryTopic(name));
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
