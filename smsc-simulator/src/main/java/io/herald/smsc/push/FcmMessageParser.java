package io.herald.smsc.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the body of FCM HTTP v1 {@code projects.messages.send}: {@code {"message":{...},"validate_only":false}}, the
 * message a {@code Message} resource of which token, data, notification and android are read (webpush, apns and
 * fcm_options are allowed and kept in the recorded payload; a topic or condition target without a token is refused
 * as having no recipient). Field names are taken in both forms proto3 JSON allows ({@code collapse_key} and
 * {@code collapseKey}). Checks what FCM rejects with 400 INVALID_ARGUMENT: an unknown field, a value of the wrong JSON
 * type, no token, a {@code data} value that is not a string or a reserved {@code data} key ({@code from},
 * {@code notification}, {@code message_type}, {@code google.*}, {@code gcm.*}), an {@code android.priority} other
 * than HIGH or NORMAL, an {@code android.ttl} that is not a protobuf Duration ({@code "3600s"}, {@code "3.5s"}).
 */
final class FcmMessageParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REQUEST_FIELDS = Set.of("message", "validate_only", "validateOnly");
    private static final Set<String> MESSAGE_FIELDS = Set.of("name", "data", "notification", "android", "webpush",
            "apns", "fcm_options", "fcmOptions", "token", "topic", "condition");
    private static final Set<String> RESERVED_DATA_KEYS = Set.of("from", "notification", "message_type");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(\\.\\d{1,9})?s");

    /**
     * A message as read.
     *
     * @param token        the registration token
     * @param validateOnly whether the request only asks for validation (nothing is delivered)
     * @param title        the notification title, or null
     * @param body         the notification body, or null
     * @param heraldId     data's {@code herald_message_id}, or null
     * @param data         data without {@code herald_message_id}
     * @param badge        android.notification.notification_count, or null
     * @param sound        android.notification.sound, or null
     * @param collapseKey  android.collapse_key, or null
     * @param priority     {@code high} or {@code normal}, from android.priority, or null
     * @param ttlSeconds   android.ttl in whole seconds (half up), or null
     * @param message      the message object as sent
     */
    record Parsed(String token, boolean validateOnly, String title, String body, String heraldId,
                  Map<String, String> data, Integer badge, String sound, String collapseKey, String priority,
                  Long ttlSeconds, JsonNode message) {

        /**
         * @param name       the name answered, {@code projects/{project}/messages/{id}}
         * @param receivedAt the time of arrival
         * @return the push to record
         */
        ReceivedPush toPush(String name, Instant receivedAt) {
            return new ReceivedPush(ReceivedPush.ANDROID, token, heraldId, name, title, body, data, badge, sound,
                    collapseKey, priority, ttlSeconds, null, null, message, receivedAt);
        }
    }

    private FcmMessageParser() {
    }

    /**
     * @param body the request body, UTF-8 JSON
     * @return the message
     * @throws FcmError 400 INVALID_ARGUMENT for anything FCM would refuse, as listed in the class comment
     */
    static Parsed parse(byte[] body) throws FcmError {
        JsonNode root = root(body);
        JsonNode message = object(root, "message", "message");
        if (message == null) {
            throw FcmError.invalidArgument("Request contains an invalid argument: message is required.");
        }
        onlyKnownFields(message, MESSAGE_FIELDS, "message.");
        JsonNode validateOnly = field(root, "validate_only", "validateOnly");
        if (validateOnly != null && !validateOnly.isBoolean()) {
            throw FcmError.invalidArgument("Invalid value at 'validate_only' (TYPE_BOOL)");
        }
        String token = token(message);
        Map<String, String> data = data(message);
        String heraldId = data.remove(ReceivedPush.HERALD_MESSAGE_ID);
        JsonNode notification = object(message, "message.notification", "notification");
        JsonNode android = object(message, "message.android", "android");
        if (android == null) {
            android = JSON.createObjectNode();
        }
        JsonNode androidNotification = object(android, "message.android.notification", "notification");
        return new Parsed(token, validateOnly != null && validateOnly.booleanValue(),
                firstText(notification, androidNotification, "title"),
                firstText(notification, androidNotification, "body"), heraldId, data,
                badge(androidNotification),
                androidNotification == null ? null : text(androidNotification, "android.notification.sound", "sound"),
                text(android, "message.android.collapse_key", "collapse_key", "collapseKey"),
                priority(android), ttlSeconds(android), message);
    }

    private static JsonNode root(byte[] body) throws FcmError {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw FcmError.invalidArgument("Invalid JSON payload received. " + e.getOriginalMessage());
        } catch (IOException e) {
            throw FcmError.invalidArgument("Invalid JSON payload received.");
        }
        if (root == null || !root.isObject()) {
            throw FcmError.invalidArgument("Invalid JSON payload received. Expected an object.");
        }
        onlyKnownFields(root, REQUEST_FIELDS, "");
        return root;
    }

    private static String token(JsonNode message) throws FcmError {
        String token = text(message, "message.token", "token");
        if (token == null || token.isBlank()) {
            throw FcmError.invalidArgument("Recipient of the message is not set.");
        }
        if (token.chars().anyMatch(Character::isWhitespace)) {
            throw FcmError.invalidArgument("The registration token is not a valid FCM registration token");
        }
        return token;
    }

    private static void onlyKnownFields(JsonNode node, Set<String> known, String prefix) throws FcmError {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw FcmError.invalidArgument("Invalid JSON payload received. Unknown name \"" + name + "\" at '"
                        + prefix + "': Cannot find field.");
            }
        }
    }

    private static Map<String, String> data(JsonNode message) throws FcmError {
        JsonNode data = object(message, "message.data", "data");
        Map<String, String> map = new LinkedHashMap<>();
        if (data == null) {
            return map;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!field.getValue().isTextual()) {
                throw FcmError.invalidArgument("Invalid value at 'message.data[" + map.size()
                        + "].value' (TYPE_STRING)");
            }
            String lower = key.toLowerCase(Locale.ROOT);
            if (RESERVED_DATA_KEYS.contains(lower) || lower.startsWith("google.") || lower.startsWith("gcm.")) {
                throw FcmError.invalidArgument("Invalid data payload key: " + key);
            }
            map.put(key, field.getValue().asText());
        }
        return map;
    }

    private static Integer badge(JsonNode androidNotification) throws FcmError {
        JsonNode count = androidNotification == null ? null
                : field(androidNotification, "notification_count", "notificationCount");
        if (count == null) {
            return null;
        }
        if (!count.canConvertToInt() || !count.isIntegralNumber()) {
            throw FcmError.invalidArgument("Invalid value at 'message.android.notification.notification_count' "
                    + "(TYPE_INT32)");
        }
        return count.asInt();
    }

    private static String priority(JsonNode android) throws FcmError {
        String priority = text(android, "message.android.priority", "priority");
        if (priority == null) {
            return null;
        }
        if (!priority.equals("HIGH") && !priority.equals("NORMAL")) {
            throw FcmError.invalidArgument("Invalid value at 'message.android.priority' "
                    + "(type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority), \"" + priority + "\"");
        }
        return priority.toLowerCase(Locale.ROOT);
    }

    private static Long ttlSeconds(JsonNode android) throws FcmError {
        String ttl = text(android, "message.android.ttl", "ttl");
        if (ttl == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(ttl);
        if (!matcher.matches()) {
            throw FcmError.invalidArgument("Invalid value at 'message.android.ttl' (type.googleapis.com/"
                    + "google.protobuf.Duration), Field 'ttl', Illegal duration format; duration must end with 's'");
        }
        return new BigDecimal(ttl.substring(0, ttl.length() - 1)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static String firstText(JsonNode first, JsonNode second, String name) throws FcmError {
        String value = first == null ? null : text(first, "message.notification." + name, name);
        if (value == null && second != null) {
            value = text(second, "message.android.notification." + name, name);
        }
        return value;
    }

    private static JsonNode field(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String path, String... names) throws FcmError {
        JsonNode value = field(node, names);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw FcmError.invalidArgument("Invalid value at '" + path + "' (TYPE_STRING)");
        }
        return value.asText();
    }

    private static JsonNode object(JsonNode node, String path, String... names) throws FcmError {
        JsonNode value = field(node, names);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw FcmError.invalidArgument("Invalid value at '" + path + "': expected an object");
        }
        return value;
    }
}
