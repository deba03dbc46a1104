package io.herald.dispatcher.retry;

import io.herald.schema.HeraldHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of a record in a retry topic. All values are UTF-8 strings; times in ms since the epoch, numbers in
 * decimal. The DLQ record of a message that ran out of retries keeps them.
 */
public final class RetryHeaders {

    /** Gateway attempts made so far, over every tier, the inline ones included. */
    public static final String ATTEMPTS = HeraldHeaders.RETRY_ATTEMPTS;
    /** When the first attempt failed, in ms since the epoch. */
    public static final String FIRST_FAILURE = HeraldHeaders.RETRY_FIRST_FAILURE;
    /** The last error: its code, a colon and its description, e.g. {@code ESME_RSYSERR: System error}. */
    public static final String LAST_ERROR = HeraldHeaders.RETRY_LAST_ERROR;
    /** When the record is due for its next attempt, in ms since the epoch. */
    public static final String DUE = HeraldHeaders.RETRY_DUE;
    /** The tier the record is in, e.g. {@code 30s}. */
    public static final String TIER = HeraldHeaders.RETRY_TIER;

    private static final int MAX_ERROR_LENGTH = 500;

    private RetryHeaders() {
    }

    /**
     * @param headers a record's headers
     * @return the attempts made so far, 0 if the header is missing or unreadable (a record of notify.requests)
     */
    public static int attempts(Headers headers) {
        return (int) Math.min(Integer.MAX_VALUE, number(headers, ATTEMPTS, 0));
    }

    /**
     * @param headers a record's headers
     * @param orElse the value if the header is missing or unreadable
     * @return the first failure's time in ms since the epoch
     */
    public static long firstFailureMs(Headers headers, long orElse) {
        return number(headers, FIRST_FAILURE, orElse);
    }

    /**
     * @param headers a record's headers
     * @return the last error, or {@code unknown} if the header is missing
     */
    public static String lastError(Headers headers) {
        Header header = headers.lastHeader(LAST_ERROR);
        return header == null || header.value() == null ? "unknown"
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * @param headers a record's headers
     * @return when the record is due in ms since the epoch; 0 (due at once) if the header is missing or unreadable
     */
    public static long dueMs(Headers headers) {
        return number(headers, DUE, 0);
    }

    /**
     * Replaces the retry headers.
     *
     * @param headers the headers to change
     * @param attempts attempts made so far
     * @param firstFailureMs the first failure's time, in ms since the epoch
     * @param lastError the last error's code and description; never the message text or the recipient
     * @param dueMs when the next attempt is due, in ms since the epoch
     * @param tier the tier's name
     */
    public static void set(Headers headers, int attempts, long firstFailureMs, String lastError, long dueMs,
                           String tier) {
        put(headers, ATTEMPTS, Integer.toString(attempts));
        put(headers, FIRST_FAILURE, Long.toString(firstFailureMs));
        put(headers, LAST_ERROR, lastError.length() > MAX_ERROR_LENGTH
                ? lastError.substring(0, MAX_ERROR_LENGTH) : lastError);
        put(headers, DUE, Long.toString(dueMs));
        put(headers, TIER, tier);
    }

    private static long number(Headers headers, String name, long orElse) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return orElse;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return orElse;
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
