package io.herald.ingest.api;

import java.time.Instant;

/**
 * One version of a named template, as {@code GET /v1/templates/{id}/versions} lists it.
 *
 * @param version the version number (1 for the first)
 * @param text the template's text in that version
 * @param updatedAt when that version was written, ISO-8601 UTC with millisecond precision
 */
public record TemplateVersion(long version, String text, Instant updatedAt) {

    /** Leaves the text out: a template may hold content that does not belong in a log. */
    @Override
    public String toString() {
        return "TemplateVersion[version=" + version + ", textLength=" + (text == null ? "null" : text.length())
                + ", updatedAt=" + updatedAt + "]";
    }
}
