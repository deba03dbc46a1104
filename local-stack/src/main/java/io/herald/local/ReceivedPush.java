package io.herald.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * One push the SMSC simulator's APNs or FCM server accepted, decoded, from {@code GET /push/messages}.
 *
 * @param platform {@code ios} (APNs) or {@code android} (FCM)
 * @param token the device token
 * @param heraldMessageId the payload's {@code herald_message_id}, or null without one
 * @param gatewayId the {@code apns-id}, or the FCM message name the server answered
 * @param title the alert or notification title, or null
 * @param body the alert or notification body
 * @param data the app's data: FCM's {@code data}, or the APNs payload's keys beside {@code aps}, without
 *     {@code herald_message_id}; empty for none
 * @param badge the APNs badge, or null
 * @param sound the sound, or null
 * @param collapseKey {@code apns-collapse-id} or FCM's {@code collapse_key}, or null
 * @param priority {@code high} or {@code normal}, or null
 * @param receivedAt when the server accepted it, ISO-8601
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReceivedPush(String platform, String token, String heraldMessageId, String gatewayId, String title,
                           String body, Map<String, String> data, Integer badge, String sound, String collapseKey,
                           String priority, String receivedAt) {

    /** Reads a missing {@code data} as none. */
    public ReceivedPush {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    @Override
    public String toString() {
        // No token, title or body in clear: this may end up in a log line.
        return "ReceivedPush[platform=" + platform + ", heraldMessageId=" + heraldMessageId + "]";
    }
}
