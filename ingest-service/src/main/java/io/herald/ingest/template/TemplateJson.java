package io.herald.ingest.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The value format of {@code notify.templates}: a {@link StoredTemplate} as UTF-8 JSON with the versions before it,
 * newest first ({@link TemplateVersions#KEPT}), {@code {"id":"otp","version":3,"text":"Code {{code}}",
 * "updatedAt":"2026-11-27T21:00:00.123Z","previous":[{"version":2,"text":"…","updatedAt":"…"}]}}. Unknown fields are
 * ignored when reading, so that a later version may add some (a release before {@code previous} reads these records,
 * and writes its own without it).
 */
final class TemplateJson {

    /**
     * A record's value, read.
     *
     * @param template the current version
     * @param previous the versions before it, newest first; empty if the record lists none
     */
    record Value(StoredTemplate template, List<TemplateVersion> previous) {
    }

    /** The JSON's shape. */
    private record Json(String id, long version, String text, Instant updatedAt,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TemplateVersion> previous) {
    }

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TemplateJson() {
    }

    /**
     * @param template the template to store
     * @param previous the versions before it, newest first
     * @return its UTF-8 JSON
     */
    static byte[] write(StoredTemplate template, List<TemplateVersion> previous) {
        try {
            return MAPPER.writeValueAsBytes(new Json(template.id(), template.version(), template.text(),
                    template.updatedAt(), previous));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param key the record's key, {@code clientId/templateId} or a legacy template id (see {@link TemplateKeys})
     * @param value the record's value, not null
     * @return the template, with the earlier versions it lists that are well formed (text and time present, version
     *     below the template's)
     * @throws IllegalArgumentException if the value is not such JSON, or its id is not the key, its version is below 1,
     *     or it lacks text or updatedAt; the message never quotes the value
     */
    static Value read(String key, byte[] value) {
        Json template;
        try {
            template = MAPPER.readValue(value, Json.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a template JSON object (" + value.length + " bytes)");
        }
        if (template == null || template.id() == null || !template.id().equals(key)
                || !TemplateKeys.isValid(template.id())) {
            throw new IllegalArgumentException("its id is missing, invalid or not the record key");
        }
        if (template.version() < 1 || template.text() == null || template.updatedAt() == null) {
            throw new IllegalArgumentException("version below 1, or text or updatedAt missing");
        }
        List<TemplateVersion> previous = template.previous() == null ? List.of() : template.previous().stream()
                .filter(v -> v != null && v.text() != null && v.updatedAt() != null && v.version() >= 1
                        && v.version() < template.version())
                .limit(TemplateVersions.KEPT - 1L).toList();
        return new Value(new StoredTemplate(template.id(), template.version(), template.text(), template.updatedAt()),
                previous);
    }
}
