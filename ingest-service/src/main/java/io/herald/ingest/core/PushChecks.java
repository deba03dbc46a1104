package io.herald.ingest.core;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.JsonPointers;
import io.herald.push.PushPayloads;
import io.herald.push.PushRules;
import io.herald.schema.Channel;
import io.herald.schema.Priorities;
import io.herald.schema.PriorityLane;
import io.herald.schema.PushPriority;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch-level rules of a push batch's own fields ({@code title}, {@code data}, {@code ttl}, {@code collapseKey},
 * {@code badge}, {@code sound}; {@code body} is its text source, checked with the others), and that
 * no other channel has them. Each error names its field with a JSON Pointer. The platforms' own rules are
 * {@link PushRules}; the payload limits are checked per recipient, once rendered ({@link PushPreparer}).
 */
final class PushChecks {

    /** The longest title, template and rendered, in characters. */
    static final int MAX_TITLE_LENGTH = 256;
    /** The longest body, template and rendered, in characters: a push payload holds at most 4 KB. */
    static final int MAX_BODY_LENGTH = PushPayloads.APNS_MAX_PAYLOAD_BYTES;
    /** The longest data value, template and rendered, in characters. */
    static final int MAX_DATA_VALUE_LENGTH = PushPayloads.FCM_MAX_PAYLOAD_BYTES;

    private PushChecks() {
    }

    /**
     * A push batch's fields beyond its body, checked.
     *
     * @param title the title template, or null
     * @param data the data templates by key, in the batch's order; empty for none
     * @param ttlSeconds the time to live in s, or null
     * @param collapseKey the collapse key, or null
     * @param priority the push service's priority: HIGH for a batch of {@code high} priority or none, else NORMAL
     * @param badge the iOS badge, or null
     * @param sound the sound, or null
     */
    record PushParts(MessageTemplate title, Map<String, MessageTemplate> data, Integer ttlSeconds, String collapseKey,
                     PushPriority priority, Integer badge, String sound) {
    }

    /**
     * @param request the batch
     * @param channel its channel, or null if invalid
     * @param errors where errors go
     * @return the push parts of a push batch; null for another channel, or if invalid (errors were added)
     */
    static PushParts check(BatchRequest request, Channel channel, List<FieldError> errors) {
        if (channel != Channel.PUSH) {
            if (channel != null) {
                onlyForPush(request, errors);
            }
            return null;
        }
        int before = errors.size();
        MessageTemplate title = request.title() == null ? null
                : TemplateTexts.check(request.title(), "/title", MAX_TITLE_LENGTH, errors);
        Map<String, MessageTemplate> data = data(request.data(), errors);
        checkTtl(request.ttl(), errors);
        checkAscii(request.collapseKey(), "/collapseKey", PushRules.MAX_COLLAPSE_KEY_LENGTH, "", errors);
        PushPriority priority = priority(request.priority());
        checkBadge(request.badge(), errors);
        checkAscii(request.sound(), "/sound", PushRules.MAX_SOUND_LENGTH, ", e.g. default", errors);
        if (errors.size() > before) {
            return null;
        }
        return new PushParts(title, data, request.ttl(), request.collapseKey(), priority, request.badge(),
                request.sound());
    }

    private static void checkTtl(Integer ttl, List<FieldError> errors) {
        if (ttl != null && (ttl < 0 || ttl > BatchRequest.MAX_PUSH_TTL_SECONDS)) {
            errors.add(new FieldError("/ttl", "must be 0 to " + BatchRequest.MAX_PUSH_TTL_SECONDS
                    + " seconds (28 days)"));
        }
    }

    private static void checkBadge(Integer badge, List<FieldError> errors) {
        if (badge != null && (badge < 0 || badge > PushRules.MAX_BADGE)) {
            errors.add(new FieldError("/badge", "must be 0 to " + PushRules.MAX_BADGE));
        }
    }

    /** A short option of printable ASCII ({@code collapseKey}, {@code sound}), if given. */
    private static void checkAscii(String value, String pointer, int maxLength, String example,
                                   List<FieldError> errors) {
        if (value != null && (value.isEmpty() || value.length() > maxLength || !printableAscii(value))) {
            errors.add(new FieldError(pointer, "must be 1-" + maxLength + " printable ASCII characters" + example));
        }
    }

    /** @return the data templates by key; empty if none, or if invalid (errors were added) */
    private static Map<String, MessageTemplate> data(Map<String, String> data, List<FieldError> errors) {
        if (data == null || data.isEmpty()) {
            return Map.of();
        }
        if (data.size() > PushRules.MAX_DATA_ENTRIES) {
            errors.add(new FieldError("/data", "must have at most " + PushRules.MAX_DATA_ENTRIES + " entries, has "
                    + data.size()));
            return Map.of();
        }
        Map<String, MessageTemplate> templates = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : data.entrySet()) {
            String pointer = "/data/" + JsonPointers.escape(entry.getKey());
            var keyProblem = PushRules.dataKeyProblem(entry.getKey());
            if (keyProblem.isPresent()) {
                errors.add(new FieldError(pointer, keyProblem.get()));
                continue;
            }
            if (entry.getValue() == null) {
                errors.add(new FieldError(pointer, "must be a string, number or boolean"));
                continue;
            }
            MessageTemplate value = TemplateTexts.check(entry.getValue(), pointer, MAX_DATA_VALUE_LENGTH, errors);
            if (value != null) {
                templates.put(entry.getKey(), value);
            }
        }
        return Collections.unmodifiableMap(templates);
    }

    /**
     * The push service's priority follows the batch's {@code priority} (checked by {@link BatchChecks}): {@code high},
     * and a batch that gives none, deliver at once; {@code normal} and {@code bulk} may be batched for power.
     */
    private static PushPriority priority(String priority) {
        return priority == null || Priorities.parse(priority).orElse(null) == PriorityLane.HIGH ? PushPriority.HIGH
                : PushPriority.NORMAL;
    }

    /** Adds an error for each push field a batch of another channel gives. */
    private static void onlyForPush(BatchRequest request, List<FieldError> errors) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("/title", request.title());
        fields.put("/body", request.body());
        fields.put("/data", request.data());
        fields.put("/ttl", request.ttl());
        fields.put("/collapseKey", request.collapseKey());
        fields.put("/badge", request.badge());
        fields.put("/sound", request.sound());
        fields.forEach((pointer, value) -> {
            if (value != null) {
                errors.add(new FieldError(pointer, "is only for channel push"));
            }
        });
    }

    private static boolean printableAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
