package io.herald.dispatcher.send;

import io.herald.push.PushPayloads;
import io.herald.schema.PiiMask;
import io.herald.schema.PushPlatform;
import java.util.Objects;

/**
 * One message for a {@link Gateway}.
 *
 * @param messageId Herald's id (UUID), carried to the gateway where the protocol allows it
 * @param sender for SMS the sender id: alphanumeric (at most 11 characters), a short code, or an E.164 number; for
 *     e-mail the From address, optionally with a display name ({@code Herald <noreply@example.com>})
 * @param recipient the recipient: an E.164 number such as {@code +4791234567} for SMS, a lower-cased address for
 *     e-mail
 * @param text the text to send, any Unicode; for e-mail the text/plain body
 * @param subject e-mail only: the subject, one line; null for SMS
 * @param html e-mail only: the HTML body, sent beside {@code text} as multipart/alternative; null for none
 * @param push push only: what the notification carries (platform, title, body, data, options); null otherwise. Its
 *     token is the recipient, its body the text.
 */
public record Message(String messageId, String sender, String recipient, String text, String subject, String html,
                      PushPayloads.Content push) {

    public Message {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(text, "text");
    }

    /**
     * An SMS: no subject, no HTML.
     *
     * @param messageId Herald's id (UUID)
     * @param sender the sender id
     * @param recipient the E.164 number
     * @param text the text
     */
    public Message(String messageId, String sender, String recipient, String text) {
        this(messageId, sender, recipient, text, null, null, null);
    }

    /**
     * An e-mail.
     *
     * @param messageId Herald's id (UUID)
     * @param sender the From address
     * @param recipient the address
     * @param text the text/plain body
     * @param subject the subject
     * @param html the HTML body, or null
     */
    public Message(String messageId, String sender, String recipient, String text, String subject, String html) {
        this(messageId, sender, recipient, text, subject, html, null);
    }

    /**
     * A push notification.
     *
     * @param sender the request's sender (not sent: APNs and FCM know the app by its credentials)
     * @param push what it carries; its message id, token and body are the message's
     * @return the message
     */
    public static Message push(String sender, PushPayloads.Content push) {
        return new Message(push.messageId(), sender, push.token(), push.body(), null, null, push);
    }

    /** @return the push platform, or null for SMS and e-mail */
    public PushPlatform platform() {
        return push == null ? null : push.platform();
    }

    /** Masks the recipient and leaves the text, subject and HTML out. */
    @Override
    public String toString() {
        return "Message[messageId=" + messageId + ", recipient=" + PiiMask.recipient(recipient) + ", textLength="
                + text.length() + (html == null ? "" : ", htmlLength=" + html.length())
                + (push == null ? "" : ", platform=" + push.platform()) + "]";
    }
}
