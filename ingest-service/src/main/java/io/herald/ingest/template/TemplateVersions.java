package io.herald.ingest.template;

import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The version rules every {@link TemplateStore} applies: optimistic concurrency by {@code If-Match} version, and the
 * earlier versions kept beside the current one ({@value #KEPT} in all).
 */
public final class TemplateVersions {

    /** How many versions of a template are kept: the current one and the ones just before it. */
    public static final int KEPT = 5;

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

    /**
     * @param current the template being replaced, or null when one is created
     * @param previous the versions before {@code current}, newest first (empty if none)
     * @return the versions before the next write, newest first: {@code current}, then {@code previous}, at most
     *     {@value #KEPT} - 1
     */
    public static List<TemplateVersion> previousOfNext(StoredTemplate current, List<TemplateVersion> previous) {
        if (current == null) {
            return List.of();
        }
        List<TemplateVersion> kept = new ArrayList<>(KEPT - 1);
        kept.add(versionOf(current));
        for (TemplateVersion version : previous) {
            if (kept.size() == KEPT - 1) {
                break;
            }
            kept.add(version);
        }
        return List.copyOf(kept);
    }

    /**
     * @param current the current template, or null if there is none
     * @param previous the versions before it, newest first
     * @return every kept version, newest first, the current one first; empty if there is no current template
     */
    public static List<TemplateVersion> history(StoredTemplate current, List<TemplateVersion> previous) {
        if (current == null) {
            return List.of();
        }
        List<TemplateVersion> all = new ArrayList<>(previous.size() + 1);
        all.add(versionOf(current));
        all.addAll(previous);
        return List.copyOf(all);
    }

    private static TemplateVersion versionOf(StoredTemplate template) {
        return new TemplateVersion(template.version(), template.text(), template.updatedAt());
    }
}
