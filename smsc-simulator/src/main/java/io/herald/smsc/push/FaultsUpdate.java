package io.herald.smsc.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /push/faults}, every field optional:
 * {@code {"unregistered":["tok",...],"apns":"ok"|"unavailable"|"throttle","fcm":"ok"|"unavailable"|"throttle",
 * "retryAfterSeconds":N}}. See {@link PushFaults}.
 *
 * @param unregistered      tokens to mark unregistered (added to those already marked); empty when absent
 * @param apns              the APNs server's new mode, or empty to keep it
 * @param fcm               the FCM server's new mode, or empty to keep it
 * @param retryAfterSeconds the new {@code Retry-After} of FCM's 429, in seconds, or null to keep it
 */
public record FaultsUpdate(List<String> unregistered, Optional<PushFaults.Mode> apns,
                           Optional<PushFaults.Mode> fcm, Integer retryAfterSeconds) {

    public FaultsUpdate {
        unregistered = List.copyOf(unregistered);
    }

    /**
     * @param json the request body, a JSON object
     * @return the update
     * @throws IllegalArgumentException when it is not an object, has an unknown field, a field of the wrong type, an
     *                                  unknown mode, an empty token or a negative Retry-After
     */
    public static FaultsUpdate fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the body is a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!List.of("unregistered", "apns", "fcm", "retryAfterSeconds").contains(name)) {
                throw new IllegalArgumentException("unknown field: " + name);
            }
        }
        return new FaultsUpdate(tokens(json.get("unregistered")), mode(json, "apns"), mode(json, "fcm"),
                retryAfter(json.get("retryAfterSeconds")));
    }

    private static List<String> tokens(JsonNode node) {
        List<String> tokens = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tokens;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("unregistered is an array of device tokens");
        }
        for (JsonNode token : node) {
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new IllegalArgumentException("unregistered holds non-empty strings only");
            }
            tokens.add(token.asText());
        }
        return tokens;
    }

    private static Optional<PushFaults.Mode> mode(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + " is one of ok, unavailable, throttle");
        }
        return Optional.of(PushFaults.Mode.fromJsonName(node.asText()));
    }

    private static Integer retryAfter(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
            throw new IllegalArgumentException("retryAfterSeconds is a whole number of seconds, at least 0");
        }
        return node.asInt();
    }
}
