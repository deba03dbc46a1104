package io.herald.dispatcher.send.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): {@code Retry-After = HTTP-date / delay-seconds}.
 * <ul>
 *   <li>delay-seconds: {@code 1*DIGIT}, a non-negative number of seconds, e.g. {@code 120};</li>
 *   <li>HTTP-date in the preferred IMF-fixdate form (RFC 9110 §5.6.7), e.g. {@code Wed, 21 Oct 2015 07:28:00 GMT}:
 *       the delay is that instant minus now. The obsolete RFC 850 and asctime forms are not read.</li>
 * </ul>
 * Anything else (absent, empty, negative, a fraction, an unreadable date) counts as no delay, as does a date in the
 * past.
 */
public final class RetryAfter {

    /** Delays are capped here (about 24.8 days), which keeps the arithmetic far from overflow. */
    static final long MAX_MS = Integer.MAX_VALUE;

    private RetryAfter() {
    }

    /**
     * @param value the header's value, or null if absent
     * @param now the current instant, against which an HTTP-date is measured
     * @return the delay in ms, from 0 (none, or unreadable) to {@link #MAX_MS}
     */
    public static long delayMs(String value, Instant now) {
        if (value == null) {
            return 0;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return 0;
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Ten digits of seconds already exceed MAX_MS; skip the parse of anything longer.
            if (v.length() > 10) {
                return MAX_MS;
            }
            return Math.min(MAX_MS, Long.parseLong(v) * 1000);
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long ms = Duration.between(now, at).toMillis();
            return Math.max(0, Math.min(MAX_MS, ms));
        } catch (DateTimeParseException | ArithmeticException e) {
            return 0;
        }
    }
}
