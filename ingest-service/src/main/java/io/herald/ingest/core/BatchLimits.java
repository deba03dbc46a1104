package io.herald.ingest.core;

/**
 * The size limits of a batch.
 *
 * @param maxRecipients the most recipients a batch may have, at least 1
 * @param maxTextLength the most characters (Unicode code points) a rendered text may have, at least 1
 * @param maxSegments the most SMS segments a rendered text may take (3GPP TS 23.040 segmentation, counted by
 *     {@code io.herald.sms.SmsEncoder#info}), 1–255
 */
public record BatchLimits(int maxRecipients, int maxTextLength, int maxSegments) {

    /** The most characters a recipient's {@code clientReference} may have. */
    public static final int MAX_CLIENT_REFERENCE_LENGTH = 256;

    /** The default of {@code maxSegments}. */
    public static final int DEFAULT_MAX_SEGMENTS = 6;

    /** The highest {@code maxSegments}: a concatenated SMS has at most 255 parts (one-octet total). */
    public static final int MAX_SEGMENTS_LIMIT = 255;

    /** Checks the limits. */
    public BatchLimits {
        if (maxRecipients < 1 || maxTextLength < 1 || maxSegments < 1 || maxSegments > MAX_SEGMENTS_LIMIT) {
            throw new IllegalArgumentException("limits out of range: maxRecipients=" + maxRecipients
                    + ", maxTextLength=" + maxTextLength + " (both at least 1), maxSegments=" + maxSegments
                    + " (1-" + MAX_SEGMENTS_LIMIT + ")");
        }
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
