package io.herald.ingest.api;

/**
 * The optional body of {@code PUT /v1/suppressions/{recipient}}: {@code {"reason": "asked by phone"}}.
 *
 * @param reason why the recipient is suppressed, at most {@value #MAX_REASON_LENGTH} characters; may be null
 */
public record SuppressionRequest(String reason) {

    /** The longest {@code reason} accepted, in characters (UTF-16 code units). */
    public static final int MAX_REASON_LENGTH = 500;

    /** Leaves the reason out: it may be personal data. */
    @Override
    public String toString() {
        return "SuppressionRequest[reason " + (reason == null ? "absent" : reason.length() + " chars") + "]";
    }
}
