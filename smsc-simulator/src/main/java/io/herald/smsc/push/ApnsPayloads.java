package io.herald.smsc.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an APNs notification into a {@link ReceivedPush}, per Apple's "Generating a remote notification" (the payload's
 * {@code aps} dictionary: {@code alert} as a string or a dictionary with {@code title} and {@code body}, {@code badge},
 * {@code sound} as a name or a critical-alert dictionary; every other top-level key is custom data) and "Sending
 * notification requests to APNs" (the headers).
 */
final class ApnsPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApnsPayloads() {
    }

    /**
     * @param body the request's DATA, UTF-8 JSON
     * @return the payload, or empty when the body is empty or not a JSON object
     */
    static Optional<JsonNode> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @param payload    the payload, a JSON object
     * @param token      the device token of the path
     * @param apnsId     the {@code apns-id} header, or null
     * @param topic      the {@code apns-topic} header
     * @param priority   the {@code apns-priority} header (10, 5 or 1), or null
     * @param expiration the {@code apns-expiration} header, UNIX epoch seconds, or null
     * @param collapseId the {@code apns-collapse-id} header, or null
     * @param pushType   the {@code apns-push-type} header, or null
     * @param now        the time of arrival
     * @return the push to record; see {@link ReceivedPush} for how each field is taken
     */
    static ReceivedPush toPush(JsonNode payload, String token, String apnsId, String topic, String priority,
                               String expiration, String collapseId, String pushType, Instant now) {
        JsonNode aps = payload.path("aps");
        JsonNode alert = aps.path("alert");
        String title = alert.isObject() ? text(alert.get("title")) : null;
        String body = alert.isObject() ? text(alert.get("body")) : text(alert);
        Integer badge = aps.path("badge").isIntegralNumber() ? aps.path("badge").asInt() : null;
        JsonNode sound = aps.path("sound");
        Map<String, String> data = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = payload.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("aps") && !field.getKey().equals(ReceivedPush.HERALD_MESSAGE_ID)) {
                data.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        }
        return new ReceivedPush(ReceivedPush.IOS, token, text(payload.get(ReceivedPush.HERALD_MESSAGE_ID)), apnsId,
                title, body, data, badge, sound.isObject() ? text(sound.get("name")) : text(sound), collapseId,
                priority == null || priority.equals("10") ? "high" : "normal", ttlSeconds(expiration, now), topic,
                pushType, payload, now);
    }

    /** {@code apns-expiration} minus now, in whole seconds (rounded), at least 0; 0 stays 0 (deliver once). */
    private static Long ttlSeconds(String expiration, Instant now) {
        if (expiration == null) {
            return null;
        }
        long epochSeconds = Long.parseLong(expiration);
        if (epochSeconds == 0) {
            return 0L;
        }
        double seconds = (epochSeconds - now.getEpochSecond()) - now.getNano() / 1e9;
        return Math.max(0, Math.round(seconds));
    }

    /** @return a string's text, a number's or boolean's text, else null */
    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
