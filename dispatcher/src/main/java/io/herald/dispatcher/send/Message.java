package io.herald.dispatcher.send;

import io.herald.schema.PiiMask;
import java.util.Objects;

/**
 * One message for a {@link Gateway}.
 *
 * @param messageId Herald's id (UUID), carried to the gateway where the protocol allows it
 * @param sender the sender id: alphanumeric (at most 11 characters), a short code, or an E.164 number
 * @param recipient the recipient: an E.164 number such as {@code +4791234567} for SMS
 * @param text the text to send, any Unicode
 */
public record Message(String messageId, String sender, String recipient, String text) {

    public Message {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(text, "text");
    }

    /** Masks the recipient and leaves the text out. */
    @Override
    public String toString() {
        return "Message[messageId=" + messageId + ", recipient=" + PiiMask.recipient(recipient) + ", textLength="
                + text.length() + "]";
    }
}
