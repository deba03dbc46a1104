package io.herald.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.schema.NotificationRequest;
import io.herald.schema.PushPriority;
import java.util.Map;

/**
 * The payloads a push request becomes, one implementation for ingest (which checks their size before it accepts a
 * recipient) and the dispatcher (which sends them):
 *
 * <ul>
 *   <li>APNs: the JSON payload of Apple's "Generating a remote notification":
 *       {@code {"aps":{"alert":{"title":…,"body":…},"badge":n,"sound":…},"<key>":"<value>",…}}, at most
 *       {@value #APNS_MAX_PAYLOAD_BYTES} bytes (UTF-8).</li>
 *   <li>FCM HTTP v1: the {@code message} of {@code projects.messages.send}:
 *       {@code {"token":…,"notification":{"title":…,"body":…},"data":{…},"android":{"priority":"HIGH",
 *       "ttl":"3600s","collapse_key":…,"notification":{"sound":…}}}}; its {@code notification} and {@code data}
 *       together at most {@value #FCM_MAX_PAYLOAD_BYTES} bytes (Firebase: "the maximum payload is 4096 bytes").</li>
 * </ul>
 */
public final class PushPayloads {

    /** APNs' limit on a notification's payload, in bytes (Apple: 4 KB for a regular remote notification). */
    public static final int APNS_MAX_PAYLOAD_BYTES = 4096;
    /** FCM's limit on a message's notification and data, in bytes. */
    public static final int FCM_MAX_PAYLOAD_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PushPayloads() {
    }

    /**
     * What a push carries, from a request or before one is built.
     *
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
    public record Content(String token, String title, String body, Map<String, String> data, Integer ttlSeconds,
                          String collapseKey, PushPriority priority, Integer badge, String sound) {

        /** @return the content of a PUSH request */
        public static Content of(NotificationRequest request) {
            return new Content(request.getRecipient(), request.getTitle(), request.getText(), request.getData(),
                    request.getTtlSeconds(), request.getCollapseKey(), request.getPriority(), request.getBadge(),
                    request.getSound());
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
     * @return the size FCM counts against {@value #FCM_MAX_PAYLOAD_BYTES}: its {@code notification} and {@code data}
     *     objects as JSON, in bytes
     */
    public static int fcmPayloadBytes(Content request) {
        ObjectNode message = fcmMessageNode(request);
        int size = write(message.get("notification")).length;
        if (message.has("data")) {
            size += write(message.get("data")).length;
        }
        return size;
    }

    private static ObjectNode fcmMessageNode(Content request) {
        ObjectNode message = JSON.createObjectNode().put("token", request.token());
        ObjectNode notification = message.putObject("notification");
        if (request.title() != null) {
            notification.put("title", request.title());
        }
        notification.put("body", request.body());
        Map<String, String> data = request.data();
        if (data != null && !data.isEmpty()) {
            ObjectNode node = message.putObject("data");
            data.forEach(node::put);
        }
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
