package io.herald.ingest.api;

import java.time.Instant;

/**
 * A named message template, as {@code GET /v1/templates/{id}} answers it and as it is stored (UTF-8 JSON) in
 * {@code notify.templates}: {@code {"id": "otp", "version": 3, "text": "Code {{code}}", "updatedAt":
 * "2026-11-27T21:00:00.123Z"}}.
 *
 * @param id the template's id: 1–64 characters of {@code [A-Za-z0-9_.-]}, case-sensitive
 * @param version 1 when the template was created, one more with each replacement; a template deleted and created
 *     again starts at 1
 * @param text the template, in {@code io.herald.ingest.core.MessageTemplate} syntax ({@code {{name}}} placeholders,
 *     {@code \{{} for literal braces)
 * @param updatedAt when this version was written, ISO-8601 UTC with millisecond precision
 */
public record StoredTemplate(String id, long version, String text, Instant updatedAt) {

    /** Leaves the text out: a template may hold content that does not belong in a log. */
    @Override
    public String toString() {
        return "StoredTemplate[id=" + id + ", version=" + version + ", textLength="
                + (text == null ? "null" : text.length()) + ", updatedAt=" + updatedAt + "]";
    }
}
