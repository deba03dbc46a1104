package io.herald.dispatcher.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as the tier lists ({@code retry.tiers}, {@code schedule.tiers}) write it: a whole number with a unit,
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, e.g. {@code 30s}.
 *
 * @param name the spec trimmed and lower-cased, e.g. {@code 30s}; tiers use it in their topic names
 * @param millis the duration in ms, greater than 0
 */
public record DurationSpec(String name, long millis) {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /**
     * @param spec e.g. {@code 30s}, {@code 5m}, {@code 1d}
     * @param what what the duration is, for the error message, e.g. {@code retry tier}
     * @return the duration
     * @throws IllegalArgumentException if the spec has another form, or is 0
     */
    public static DurationSpec parse(String spec, String what) {
        String name = spec.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " '" + spec + "' is not a whole number with a unit ms, s, m, h "
                    + "or d, e.g. 30s");
        }
        long amount = Long.parseLong(m.group(1));
        long unitMs = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        if (amount == 0) {
            throw new IllegalArgumentException(what + " '" + spec + "' must be longer than 0");
        }
        return new DurationSpec(name, amount * unitMs);
    }
}
