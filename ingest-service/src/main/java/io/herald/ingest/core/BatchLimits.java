package io.herald.ingest.core;

/**
 * The size limits of a batch.
 *
 * @param maxRecipients the most recipients a batch may have, at least 1
 * @param maxTextLength the most characters (Unicode code points) a rendered text may have, at least 1
 * @param maxSegments the most SMS segments a rendered text may take (3GPP TS 23.040 segmentation, counted by
 *     {@code io.herald.sms.SmsEncoder#info}), 1–255
 * @param maxScheduleAheadMs how far ahead of now a batch's {@code sendAt} may be, in ms, at least 1
 * @param maxEmailBodyLength the most characters (Unicode code points) an e-mail's rendered text or HTML body may have,
 *     each, at least 1
 * @param maxRenderedChars the most UTF-16 chars the accepted recipients' rendered texts, subjects and HTML bodies of
 *     one batch may have together, at least 1: what one request can make ingest hold in its heap
 */
public record BatchLimits(int maxRecipients, int maxTextLength, int maxSegments, long maxScheduleAheadMs,
                          int maxEmailBodyLength, long maxRenderedChars) {

    /** The most characters a recipient's {@code clientReference} may have. */
    public static final int MAX_CLIENT_REFERENCE_LENGTH = 256;

    /** The default of {@code maxSegments}. */
    public static final int DEFAULT_MAX_SEGMENTS = 6;

    /** The default of {@code maxScheduleAheadMs}: 30 days. */
    public static final long DEFAULT_MAX_SCHEDULE_AHEAD_MS = 30L * 24 * 60 * 60 * 1000;

    /** The default of {@code maxEmailBodyLength}: 100,000 code points. */
    public static final int DEFAULT_MAX_EMAIL_BODY_LENGTH = 100_000;

    /**
     * The most characters (code points) a rendered e-mail subject may have: a header line's limit (RFC 5322 §2.1.1).
     */
    public static final int MAX_SUBJECT_LENGTH = 998;

    /**
     * The default of {@code maxRenderedChars}: 33,554,432 chars (32 Mi; 32 to 64 MiB of heap as Java strings), room for
     * 100,000 recipients with 335 characters each.
     */
    public static final long DEFAULT_MAX_RENDERED_CHARS = 32L << 20;

    /** The highest {@code maxSegments}: a concatenated SMS has at most 255 parts (one-octet total). */
    public static final int MAX_SEGMENTS_LIMIT = 255;

    /** Checks the limits. */
    public BatchLimits {
        if (maxRecipients < 1 || maxTextLength < 1 || maxSegments < 1 || maxSegments > MAX_SEGMENTS_LIMIT
                || maxScheduleAheadMs < 1 || maxEmailBodyLength < 1 || maxRenderedChars < 1) {
            throw new IllegalArgumentException("limits out of range: maxRecipients=" + maxRecipients
                    + ", maxTextLength=" + maxTextLength + " (both at least 1), maxSegments=" + maxSegments
                    + " (1-" + MAX_SEGMENTS_LIMIT + "), maxScheduleAheadMs=" + maxScheduleAheadMs
                    + ", maxEmailBodyLength=" + maxEmailBodyLength + ", maxRenderedChars=" + maxRenderedChars
                    + " (each at least 1)");
        }
    }

    /**
     * Limits with {@code maxRenderedChars} at its default, {@value #DEFAULT_MAX_RENDERED_CHARS}.
     *
     * @param maxRecipients the most recipients a batch may have, at least 1
     * @param maxTextLength the most characters a rendered text may have, at least 1
     * @param maxSegments the most SMS segments a rendered text may take, 1–255
     * @param maxScheduleAheadMs how far ahead of now a batch's {@code sendAt} may be, in ms, at least 1
     * @param maxEmailBodyLength the most characters an e-mail's rendered text or HTML body may have, at least 1
     */
    public BatchLimits(int maxRecipients, int maxTextLength, int maxSegments, long maxScheduleAheadMs,
                       int maxEmailBodyLength) {
        this(maxRecipients, maxTextLength, maxSegments, maxScheduleAheadMs, maxEmailBodyLength,
                DEFAULT_MAX_RENDERED_CHARS);
    }

    /**
     * Limits with {@code maxEmailBodyLength} at its default, {@value #DEFAULT_MAX_EMAIL_BODY_LENGTH}.
     *
     * @param maxRecipients the most recipients a batch may have, at least 1
     * @param maxTextLength the most characters a rendered text may have, at least 1
     * @param maxSegments the most SMS segments a rendered text may take, 1–255
     * @param maxScheduleAheadMs how far ahead of now a batch's {@code sendAt} may be, in ms, at least 1
     */
    public BatchLimits(int maxRecipients, int maxTextLength, int maxSegments, long maxScheduleAheadMs) {
        this(maxRecipients, maxTextLength, maxSegments, maxScheduleAheadMs, DEFAULT_MAX_EMAIL_BODY_LENGTH);
    }

    /**
     * Limits with {@code maxScheduleAheadMs} at its default, 30 days.
     *
     * @param maxRecipients the most recipients a batch may have, at least 1
     * @param maxTextLength the most characters a rendered text may have, at least 1
     * @param maxSegments the most SMS segments a rendered text may take, 1–255
     */
    public BatchLimits(int maxRecipients, int maxTextLength, int maxSegments) {
        this(maxRecipients, maxTextLength, maxSegments, DEFAULT_MAX_SCHEDULE_AHEAD_MS);
    }

    /**
     * Limits with {@code maxSegments} at its default, {@value #DEFAULT_MAX_SEGMENTS}.
     *
     * @param maxRecipients the most recipients a batch may have, at least 1
     * @param maxTextLength the most characters a rendered text may have, at least 1
     */
    public BatchLimits(int maxRecipients, int maxTextLength) {
        this(maxRecipients, maxTextLength, DEFAULT_MAX_SEGMENTS);
    }
}
