package io.herald.ingest.api;

import java.util.List;

/**
 * {@code GET /v1/templates/{id}/versions}: a template's current version and the ones before it that are kept.
 *
 * @param id the template's id
 * @param versions newest first, the current version first: at most 5 (the current and the 4 before it), fewer for a
 *     template replaced fewer times, or whose earlier versions were written before versions were kept
 */
public record TemplateHistory(String id, List<TemplateVersion> versions) {

    /** Copies the list. */
    public TemplateHistory {
        versions = List.copyOf(versions);
    }
}
