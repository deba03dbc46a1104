package io.herald.ingest.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.herald.schema.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/batches}: one text template sent to many recipients, by SMS, by e-mail or as a mobile
 * push notification.
 *
 * <p>Jackson binds it as it is; every check (required fields, limits, the sender id) is made by
 * {@code io.herald.ingest.core.BatchPreparer}, so that each error can name its field with a JSON Pointer. Any field
 * may therefore be null here.
 *
 * @param from for SMS the sender id: 1–11 letters and digits, or a short code / E.164 number of at most 15 digits
 *     (an optional leading {@code +}); for e-mail the sender's address, optionally with a display name
 *     ({@code Herald <noreply@example.com>}); may be null (rejected later)
 * @param text the message template, with {@code {{name}}} placeholders and {@code \{{} for literal braces; for e-mail
 *     the text/plain body; may be null (then {@code template} must be given)
 * @param recipients who gets the message, in the client's order (rejections refer to this index); may be null
 * @param sendAt do not send before this instant (ISO-8601, e.g. {@code 2026-11-22T10:00:00Z}); null sends at once
 * @param expiresAt give up on messages not sent by this instant (ISO-8601); null never expires
 * @param template the id of a named template ({@code PUT /v1/templates/{id}}) to use instead of {@code text}; exactly
 *     one of the two must be given; may be null
 * @param channel {@code sms} (the default when null), {@code email} or {@code push}
 * @param subject e-mail only, and required there: the subject template, one line, with the same placeholders
 * @param html e-mail only, optional: an HTML body template, sent beside {@code text} as multipart/alternative; the
 *     variables put into it are HTML-escaped
 * @param callbackUrl optional: an absolute {@code http} or {@code https} URL (at most 2048 characters) that Herald
 *     POSTs the batch's final counters to once, when no message of it is pending, signed with HMAC-SHA256 (see
 *     docs/status.md); null for none
 * @param title push only, optional: the notification title template, with the same placeholders
 * @param body push only, and required there unless {@code template} is given: the notification body template
 * @param data push only, optional: key-value data for the app, each value a template (rendered per recipient); JSON
 *     strings, numbers or booleans
 * @param ttl push only, optional: how long the push service keeps the notification for an offline device, in s
 *     (0 to {@value #MAX_PUSH_TTL_SECONDS}); null for the service's default
 * @param collapseKey push only, optional: notifications with the same key replace each other on the device (at most
 *     64 characters)
 * @param priority optional: the batch's priority lane, {@code high} (one-time codes, alerts), {@code normal} (the
 *     default) or {@code bulk} (campaigns); for push also the push service's priority ({@code high}, or none, is its
 *     high; {@code normal} and {@code bulk} its normal)
 * @param badge push only, iOS, optional: the app icon's badge number (0 or more)
 * @param sound push only, optional: the sound to play, e.g. {@code default}
 * @param maxRate optional: the most messages of this batch sent per second, by the whole dispatcher group (1 to
 *     {@value #MAX_RATE}); each message counts once, whatever its SMS segments; null for no limit but the gateways'
 * @param quietHours SMS only, optional: a daily window in each recipient's local time (from the number) in which its
 *     message is not sent but waits for the window's end; null for none
 * @param statusCallbackUrl optional: an absolute {@code http} or {@code https} URL (at most 2048 characters, the same
 *     rules as {@code callbackUrl}) that Herald POSTs each message's final state to, signed as completion callbacks
 *     are, in batches of up to {@value #MAX_STATUS_EVENTS_PER_POST} events or one second (see docs/status.md); null
 *     for none
 */
public record BatchRequest(String from, String text, List<RecipientRequest> recipients, Instant sendAt,
                           Instant expiresAt, String template, String channel, String subject, String html,
                           String callbackUrl, String title, String body,
                           @JsonDeserialize(contentUsing = ScalarTextDeserializer.class) Map<String, String> data,
                           Integer ttl, String collapseKey, String priority, Integer badge, String sound,
                           Integer maxRate, QuietHoursRequest quietHours, String statusCallbackUrl) {

    /** The most message status events one POST to a {@code statusCallbackUrl} carries. */
    public static final int MAX_STATUS_EVENTS_PER_POST = 100;

    /** The largest {@code maxRate}, in messages per second. */
    public static final int MAX_RATE = 10_000;

    /**
     * @param rate messages per second for the whole dispatcher group, or null
     * @return this batch with that {@code maxRate}, every other field the same
     */
    public BatchRequest withMaxRate(Integer rate) {
        return new BatchRequest(from, text, recipients, sendAt, expiresAt, template, channel, subject, html,
                callbackUrl, title, body, data, ttl, collapseKey, priority, badge, sound, rate, quietHours,
                statusCallbackUrl);
    }

    /**
     * @param lane the priority ({@code high}, {@code normal}, {@code bulk}), or null
     * @return this batch with that {@code priority}, every other field the same
     */
    public BatchRequest withPriority(String lane) {
        return new BatchRequest(from, text, recipients, sendAt, expiresAt, template, channel, subject, html,
                callbackUrl, title, body, data, ttl, collapseKey, lane, badge, sound, maxRate, quietHours,
                statusCallbackUrl);
    }

    /**
     * @param window the quiet hours, or null
     * @return this batch with those {@code quietHours}, every other field the same
     */
    public BatchRequest withQuietHours(QuietHoursRequest window) {
        return new BatchRequest(from, text, recipients, sendAt, expiresAt, template, channel, subject, html,
                callbackUrl, title, body, data, ttl, collapseKey, priority, badge, sound, maxRate, window,
                statusCallbackUrl);
    }

    /**
     * An SMS or e-mail batch (no push fields).
     *
     * @param from the sender
     * @param text the message template, or null
     * @param recipients who gets the message
     * @param sendAt do not send before this instant, or null
     * @param expiresAt give up after this instant, or null
     * @param template the named template's id, or null
     * @param channel {@code sms}, {@code email}, or null for SMS
     * @param subject the e-mail subject template, or null
     * @param html the e-mail HTML body template, or null
     * @param callbackUrl where the batch's final counters are POSTed, or null
     */
    public BatchRequest(String from, String text, List<RecipientRequest> recipients, Instant sendAt,
                        Instant expiresAt, String template, String channel, String subject, String html,
                        String callbackUrl) {
        this(from, text, recipients, sendAt, expiresAt, template, channel, subject, html, callbackUrl, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /**
     * A batch without a completion callback.
     *
     * @param from the sender
     * @param text the message template, or null
     * @param recipients who gets the message
     * @param sendAt do not send before this instant, or null
     * @param expiresAt give up after this instant, or null
     * @param template the named template's id, or null
     * @param channel {@code sms}, {@code email}, or null for SMS
     * @param subject the e-mail subject template, or null
     * @param html the e-mail HTML body template, or null
     */
    public BatchRequest(String from, String text, List<RecipientRequest> recipients, Instant sendAt,
                        Instant expiresAt, String template, String channel, String subject, String html) {
        this(from, text, recipients, sendAt, expiresAt, template, channel, subject, html, null);
    }

    /**
     * The HTTP request header that carries a batch's idempotency key (1–255 printable ASCII characters;
     * draft-ietf-httpapi-idempotency-key-header).
     */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    /** The value of {@code channel} for SMS, the default. */
    public static final String CHANNEL_SMS = "sms";
    /** The value of {@code channel} for e-mail. */
    public static final String CHANNEL_EMAIL = "email";
    /** The value of {@code channel} for a mobile push notification (APNs or FCM). */
    public static final String CHANNEL_PUSH = "push";
    /**
     * @param name a channel's name as the API writes it: {@value #CHANNEL_SMS}, {@value #CHANNEL_EMAIL} or
     *     {@value #CHANNEL_PUSH}
     * @return the channel, or null if {@code name} is none of them (or null)
     */
    public static Channel channelNamed(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case CHANNEL_SMS -> Channel.SMS;
            case CHANNEL_EMAIL -> Channel.EMAIL;
            case CHANNEL_PUSH -> Channel.PUSH;
            default -> null;
        };
    }

    /** The largest {@code ttl} of a push batch, in s: 28 days, FCM's maximum. */
    public static final int MAX_PUSH_TTL_SECONDS = 28 * 24 * 3600;

    /**
     * An SMS batch, with an inline text or a named template.
     *
     * @param from the sender id
     * @param text the message template, or null
     * @param recipients who gets the message
     * @param sendAt do not send before this instant, or null
     * @param expiresAt give up after this instant, or null
     * @param template the named template's id, or null
     */
    public BatchRequest(String from, String text, List<RecipientRequest> recipients, Instant sendAt,
                        Instant expiresAt, String template) {
        this(from, text, recipients, sendAt, expiresAt, template, null, null, null, null);
    }

    /**
     * A batch with an inline text and no named template.
     *
     * @param from the sender id
     * @param text the message template
     * @param recipients who gets the message
     * @param sendAt do not send before this instant, or null
     * @param expiresAt give up after this instant, or null
     */
    public BatchRequest(String from, String text, List<RecipientRequest> recipients, Instant sendAt,
                        Instant expiresAt) {
        this(from, text, recipients, sendAt, expiresAt, null);
    }

    /** Names the sizes only: the text and recipients are personal data and never go to a log. */
    @Override
    public String toString() {
        return "BatchRequest[from=" + from + ", textLength=" + (text == null ? "null" : text.length())
                + ", recipients=" + (recipients == null ? "null" : recipients.size())
                + ", sendAt=" + sendAt + ", expiresAt=" + expiresAt + ", template=" + template + ", channel=" + channel
                + ", subjectLength=" + (subject == null ? "null" : subject.length())
                + ", htmlLength=" + (html == null ? "null" : html.length()) + ", callbackUrl="
                + (callbackUrl == null ? "null" : "set") + ", titleLength=" + (title == null ? "null" : title.length())
                + ", bodyLength=" + (body == null ? "null" : body.length()) + ", data="
                + (data == null ? "null" : data.keySet()) + ", ttl=" + ttl + ", priority=" + priority + ", maxRate="
                + maxRate + ", quietHours=" + quietHours + ", statusCallbackUrl="
                + (statusCallbackUrl == null ? "null" : "set") + "]";
    }

    /**
     * @param others the recipients
     * @return this batch with those recipients instead of its own, every other field the same
     */
    public BatchRequest withRecipients(List<RecipientRequest> others) {
        return new BatchRequest(from, text, others, sendAt, expiresAt, template, channel, subject, html, callbackUrl,
                title, body, data, ttl, collapseKey, priority, badge, sound, maxRate, quietHours, statusCallbackUrl);
    }
}
