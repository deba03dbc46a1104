package io.herald.smsc.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One push notification the simulator accepted, from its APNs server (per Apple's "Sending notification requests to
 * APNs") or its FCM server (per FCM HTTP v1 {@code projects.messages.send}). Served in {@code GET /push/messages}.
 *
 * @param platform        {@value #IOS} (APNs) or {@value #ANDROID} (FCM)
 * @param token           the device token: APNs, the hex token of the {@code /3/device/{token}} path as sent; FCM,
 *                        {@code message.token}
 * @param heraldMessageId the value under {@value #HERALD_MESSAGE_ID} (APNs: a top-level key of the payload; FCM: a key
 *                        of {@code message.data}), or null without one
 * @param gatewayId       APNs: the {@code apns-id} request header (null when the client sent none); FCM: the
 *                        {@code name} answered, {@code projects/{project}/messages/{id}}
 * @param title           APNs: {@code aps.alert.title}; FCM: {@code message.notification.title}, else
 *                        {@code message.android.notification.title}; null without one
 * @param body            APNs: {@code aps.alert.body}, or {@code aps.alert} when it is a string; FCM:
 *                        {@code message.notification.body}, else {@code message.android.notification.body}; or null
 * @param data            the custom keys, values as text, without {@value #HERALD_MESSAGE_ID}: APNs, every top-level
 *                        key of the payload except {@code aps}; FCM, {@code message.data}; empty without any
 * @param badge           APNs: {@code aps.badge}; FCM: {@code message.android.notification.notification_count}; or
 *                        null
 * @param sound           APNs: {@code aps.sound} (or its {@code name} for a critical-alert dictionary); FCM:
 *                        {@code message.android.notification.sound}; or null
 * @param collapseKey     APNs: the {@code apns-collapse-id} header; FCM: {@code message.android.collapse_key}; or null
 * @param priority        {@code high} or {@code normal}: APNs, {@code apns-priority} 10 (also when absent, Apple's
 *                        default) or 5/1; FCM, {@code message.android.priority} HIGH or NORMAL, null when absent
 * @param ttlSeconds      time to live in seconds: FCM, {@code message.android.ttl} rounded to whole seconds; APNs,
 *                        {@code apns-expiration} (UNIX epoch seconds) minus the arrival time, at least 0, and 0 for
 *                        {@code apns-expiration: 0} (deliver once, do not store); null when absent
 * @param topic           APNs: the {@code apns-topic} header (the app's bundle id); FCM: null
 * @param pushType        APNs: the {@code apns-push-type} header ({@code alert}, {@code background}, ...), or null;
 *                        FCM: null
 * @param payload         the request as decoded JSON: APNs, the whole payload; FCM, the {@code message} object
 * @param receivedAt      when the simulator accepted it
 */
public record ReceivedPush(String platform, String token, String heraldMessageId, String gatewayId, String title,
                           String body, Map<String, String> data, Integer badge, String sound, String collapseKey,
                           String priority, Long ttlSeconds, String topic, String pushType, JsonNode payload,
                           Instant receivedAt) {

    /** The platform of a push received by the APNs server. */
    public static final String IOS = "ios";
    /** The platform of a push received by the FCM server. */
    public static final String ANDROID = "android";
    /** The payload key (APNs top level, FCM {@code data}) under which Herald puts its message id. */
    public static final String HERALD_MESSAGE_ID = "herald_message_id";

    public ReceivedPush {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(receivedAt, "receivedAt");
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    @Override
    public String toString() {
        // No token in clear, no title or body: this may end up in a log line.
        return "ReceivedPush[platform=" + platform + ", token=" + TokenMask.mask(token) + ", heraldMessageId="
                + heraldMessageId + ", gatewayId=" + gatewayId + ", title=" + (title != null) + ", body="
                + (body != null) + ", data=" + data.size() + " key(s), priority=" + priority + ", ttlSeconds="
                + ttlSeconds + ", receivedAt=" + receivedAt + "]";
    }
}
