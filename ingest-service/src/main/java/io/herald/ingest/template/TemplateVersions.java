package io.herald.ingest.template;

import io.herald.ingest.api.StoredTemplate;

/** The version rules every {@link TemplateStore} applies: optimistic concurrency by {@code If-Match} version. */
public final class TemplateVersions {

    private TemplateVersions() {
    }

    /**
     * @param id the template id
     * @param current the current template, or null if there is none
     * @param expectedVersion the version the client expects, or null for no condition
     * @throws TemplateVersionMismatchException if {@code expectedVersion} is not null and differs from the current
     *     version, or there is no current template
     */
    public static void check(String id, StoredTemplate current, Long expectedVersion) {
        if (expectedVersion != null && (current == null || current.version() != expectedVersion)) {
            throw new TemplateVersionMismatchException(id, expectedVersion, current == null ? null : current.version());
        }
    }

    /**
     * @param current the current template, or null if there is none
     * @return the version of the next write: 1 for a new template, else the current one plus 1
     */
    public static long next(StoredTemplate current) {
        return current == null ? 1 : current.version() + 1;
    }
}
