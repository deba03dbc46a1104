package io.herald.ingest.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.herald.ingest.api.StoredTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The value format of {@code notify.templates}: a {@link StoredTemplate} as UTF-8 JSON,
 * {@code {"id":"otp","version":3,"text":"Code {{code}}","updatedAt":"2026-11-27T21:00:00.123Z"}}. Unknown fields are
 * ignored when reading, so that a later version may add some.
 */
final class TemplateJson {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TemplateJson() {
    }

    /**
     * @param template the template to store
     * @return its UTF-8 JSON
     */
    static byte[] write(StoredTemplate template) {
        try {
            return MAPPER.writeValueAsBytes(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param key the record's key, {@code clientId/templateId} or a legacy template id (see {@link TemplateKeys})
     * @param value the record's value, not null
     * @return the template
     * @throws IllegalArgumentException if the value is not such JSON, or its id is not the key, its version is below 1,
     *     or it lacks text or updatedAt; the message never quotes the value
     */
    static StoredTemplate read(String key, byte[] value) {
        StoredTemplate template;
        try {
            template = MAPPER.readValue(value, StoredTemplate.class);
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
        return template;
    }
}
