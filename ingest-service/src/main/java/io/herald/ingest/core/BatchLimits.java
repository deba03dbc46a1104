package io.herald.ingest.core;

/**
 * The size limits of a batch.
 *
 * @param maxRecipients the most recipients a batch may have, at least 1
 * @param maxTextLength the most characters (Unicode code points) a rendered text may have, at least 1
 */
public record BatchLimits(int maxRecipients, int maxTextLength) {

    /** The most characters a recipient's {@code clientReference} may have. */
    public static final int MAX_CLIENT_REFERENCE_LENGTH = 256;

    /** Checks the limits. */
    public BatchLimits {
        if (maxRecipients < 1 || maxTextLength < 1) {
            throw new IllegalArgumentException("limits must be at least 1: maxRecipients=" + maxRecipients
                    + ", maxTextLength=" + maxTextLength);
        }
    }
}
