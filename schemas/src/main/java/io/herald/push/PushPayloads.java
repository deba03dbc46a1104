package io.herald.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PushPlatform;
import io.herald.schema.PushPriority;
import java.util.Map;
import java.util.Objects;

/**
 * The payloads a push request becomes, one implementation for ingest (which checks their size before it accepts a
 * recipient) and the dispatcher (which sends them):
 *
 * <ul>
 *   <li>APNs: the JSON payload of Apple's "Generating a remote notification":
 *       {@code {"aps":{"alert":{"title":…,"body":…},"badge":n,"sound":…},"<key>":"<value>",…,
 *       "herald_message_id":"<uuid>"}}, at most {@value #APNS_MAX_PAYLOAD_BYTES} bytes (UTF-8).</li>
 *   <li>FCM HTTP v1: the {@code message} of {@code projects.messages.send}:
 *       {@code {"token":…,"notification":{"title":…,"body":…},"data":{…,"herald_message_id":"<uuid>"},
 *       "android":{"priority":"HIGH","ttl":"3600s","collapse_key":…,"notification":{"sound":…}}}}; its
 *       {@code notification} and {@code data} together at most {@value #FCM_MAX_PAYLOAD_BYTES} bytes (Firebase:
 *       "the maximum payload is 4096 bytes").</li>
 * </ul>
 *
 * <p>Both carry Herald's message id under {@value #MESSAGE_ID_KEY} (top level for APNs, in {@code data} for FCM), so
 * the app can tell Herald which message was opened, and a receiver can tell a duplicate from a new message. The key
 * counts against the payload limits.
 */
public final class PushPayloads {

    /** APNs' limit on a notification's payload, in bytes (Apple: 4 KB for a regular remote notification). */
    public static final int APNS_MAX_PAYLOAD_BYTES = 4096;
    /** FCM's limit on a message's notification and data, in bytes. */
    public static final int FCM_MAX_PAYLOAD_BYTES = 4096;

    /** The payload key that carries Herald's message id (a UUID). */
    public static final String MESSAGE_ID_KEY = "herald_message_id";
    /**
     * A message id of the length every Herald message id has (a UUID, 36 characters), for sizing a payload before its
     * message has an id.
     */
    public static final String SIZING_MESSAGE_ID = "00000000-0000-0000-0000-000000000000";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PushPayloads() {
    }

    /**
     * What a push carries, from a request or before one is built.
     *
     * @param messageId Herald's message id (a UUID), or {@link #SIZING_MESSAGE_ID} before there is one
     * @param platform the device's platform: which service sends it
     * @param token the device token
     * @param title the rendered title, or null
     * @param body the rendered body
     * @param data the rendered data, or null
     * @param ttlSeconds the time to live in s, or null for the service's default
     * @param collapseKey the collapse key, or null
     * @param priority the priority, or null for HIGH
     * @param badge the iOS badge, or null
     * @param sound the sound, or null
     */
    public record Content(String messageId, PushPlatform platform, String token, String title, String body,
                          Map<String, String> data, Integer ttlSeconds, String collapseKey, PushPriority priority,
                          Integer badge, String sound) {

        public Content {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(body, "body");
        }

        /**
         * @param request a PUSH request
         * @return its content
         * @throws NullPointerException if it has no platform (it is not a push request)
         */
        public static Content of(NotificationRequest request) {
            return new Content(request.getMessageId(), request.getPlatform(), request.getRecipient(),
                    request.getTitle(), request.getText(), request.getData(), request.getTtlSeconds(),
                    request.getCollapseKey(), request.getPriority(), request.getBadge(), request.getSound());
        }

        /** Leaves the token, the texts and the data out. */
        @Override
        public String toString() {
            return "Content[messageId=" + messageId + ", platform=" + platform + ", bodyLength=" + body.length() + "]";
        }
    }

    /**
     * @param request what an iOS push carries
     * @return its APNs payload, UTF-8 JSON
     */
    public static byte[] apns(Content request) {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode aps = payload.putObject("aps");
        ObjectNode alert = aps.putObject("alert");
        if (request.title() != null) {
            alert.put("title", request.title());
        }
        alert.put("body", request.body());
        if (request.badge() != null) {
            aps.put("badge", request.badge());
        }
        if (request.sound() != null) {
            aps.put("sound", request.sound());
        }
        if (request.data() != null) {
            request.data().forEach(payload::put);
        }
        payload.put(MESSAGE_ID_KEY, request.messageId());
        return write(payload);
    }

    /**
     * @param request what an Android push carries
     * @return the {@code message} object of its FCM v1 send request, UTF-8 JSON
     */
    public static byte[] fcmMessage(Content request) {
        return write(fcmMessageNode(request));
    }

    /**
     * @param request what an Android push carries
     * @return the body of its FCM v1 {@code projects.messages.send} request, {@code {"message":…}}, UTF-8 JSON
     */
    public static byte[] fcmSendRequest(Content request) {
        ObjectNode body = JSON.createObjectNode();
        body.set("message", fcmMessageNode(request));
        return write(body);
    }

    /**
     * @param request what an Android push carries
     * @return the size FCM counts against {@value #FCM_MAX_PAYLOAD_BYTES}: its {@code notification} and {@code data}
     *     objects as JSON, in bytes
     */
    public static int fcmPayloadBytes(Content request) {
        ObjectNode message = fcmMessageNode(request);
        return write(message.get("notification")).length + write(message.get("data")).length;
    }

    private static ObjectNode fcmMessageNode(Content request) {
        ObjectNode message = JSON.createObjectNode().put("token", request.token());
        ObjectNode notification = message.putObject("notification");
        if (request.title() != null) {
            notification.put("title", request.title());
        }
        notification.put("body", request.body());
        ObjectNode node = message.putObject("data");
        if (request.data() != null) {
            request.data().forEach(node::put);
        }
        node.put(MESSAGE_ID_KEY, request.messageId());
        ObjectNode android = message.putObject("android");
        android.put("priority", request.priority() == PushPriority.NORMAL ? "NORMAL" : "HIGH");
        if (request.ttlSeconds() != null) {
            android.put("ttl", request.ttlSeconds() + "s");
        }
        if (request.collapseKey() != null) {
            android.put("collapse_key", request.collapseKey());
        }
        if (request.sound() != null) {
            android.putObject("notification").put("sound", request.sound());
        }
        return message;
    }

    private static byte[] write(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a push payload could not be written", e);
        }
    }
}
