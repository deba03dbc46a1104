package io.herald.ingest.api;

/**
 * A recipient that was not accepted; the rest of the batch goes on.
 *
 * @param index the recipient's index in the request's {@code recipients} array, from 0
 * @param to the number or address as the client sent it (the client's own data, in its own response), cut to its
 *     first {@value #MAX_ECHOED_LENGTH} characters and an ellipsis if longer; may be null
 * @param reason why, for humans, e.g. {@code not a valid phone number}, {@code missing variable 'code'} or
 *     {@code text needs 7 SMS segments (GSM7, 1000 septets); at most 6}
 * @param pointer JSON Pointer (RFC 6901) into the request to the field at fault: {@code /recipients/INDEX/to} for
 *     the number, {@code /recipients/INDEX/vars} for a missing variable, {@code /text} when the text rendered for
 *     this recipient is too long, too many segments or blank ({@code /template} when the batch named a template)
 */
public record Rejection(int index, String to, String reason, String pointer) {

    /** The longest {@code to} echoed back, in characters: room for any e-mail address (254) or phone number. */
    public static final int MAX_ECHOED_LENGTH = 256;

    /** Cuts {@code to}: a client that sent a megabyte as a number does not get it back. */
    public Rejection {
        if (to != null && to.length() > MAX_ECHOED_LENGTH) {
            to = to.substring(0, MAX_ECHOED_LENGTH) + "…";
        }
    }

    /** Leaves {@code to} out: it is a phone number. */
    @Override
    public String toString() {
        return "Rejection[index=" + index + ", pointer=" + pointer + ", reason=" + reason + "]";
    }
}
