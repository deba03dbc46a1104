package io.herald.ingest.core;

import io.herald.schema.NotificationRequest;

/**
 * The outcome of {@link BatchPreparer#prepareOne}: one recipient's request, or why it was refused.
 *
 * @param request the request to write, every field set; null when rejected
 * @param segments the SMS segments of the request's text (3GPP TS 23.040 segmentation); 0 for e-mail or when rejected
 * @param reason why it was refused, for humans (e.g. {@code not a valid phone number}); null when accepted
 * @param pointer JSON Pointer (RFC 6901) to the field at fault in the one-recipient form ({@code /to}, {@code /vars},
 *     {@code /text} …); null when accepted
 */
public record PreparedRecipient(NotificationRequest request, int segments, String reason, String pointer) {

    /**
     * @param request the request to write
     * @param segments its SMS segments
     * @return an accepted outcome
     */
    public static PreparedRecipient accepted(NotificationRequest request, int segments) {
        return new PreparedRecipient(request, segments, null, null);
    }

    /**
     * @param reason why
     * @param pointer the field at fault
     * @return a rejected outcome
     */
    public static PreparedRecipient rejected(String reason, String pointer) {
        return new PreparedRecipient(null, 0, reason, pointer);
    }

    /** @return true if the recipient was accepted ({@link #request()} is set) */
    public boolean isAccepted() {
        return request != null;
    }

    /** Leaves the request's recipient and text out: personal data. */
    @Override
    public String toString() {
        return isAccepted() ? "PreparedRecipient[accepted, messageId=" + request.getMessageId() + ", segments="
                + segments + "]" : "PreparedRecipient[rejected, pointer=" + pointer + ", reason=" + reason + "]";
    }
}
