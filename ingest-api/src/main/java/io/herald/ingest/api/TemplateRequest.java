package io.herald.ingest.api;

/**
 * The body of {@code PUT /v1/templates/{id}}: {@code {"text": "Your code is {{code}}"}}. Bound as it is; the checks
 * (present, not blank, valid syntax, length) are made by the resource, so that each error names {@code /text}.
 *
 * @param text the template, with {@code {{name}}} placeholders and {@code \{{} for literal braces; may be null
 *     (rejected later)
 */
public record TemplateRequest(String text) {

    /** Names the length only. */
    @Override
    public String toString() {
        return "TemplateRequest[textLength=" + (text == null ? "null" : text.length()) + "]";
    }
}
