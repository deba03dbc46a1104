package io.herald.ingest.template;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;

/**
 * A template write's {@code If-Match} version is not the template's current version (412 {@code version-mismatch}):
 * it was changed (or deleted) since the client read it. Nothing was written.
 */
public final class TemplateVersionMismatchException extends IngestException {

    /**
     * @param id the template id
     * @param expected the version the client named in {@code If-Match}
     * @param current the current version, or null if the template does not exist
     */
    public TemplateVersionMismatchException(String id, long expected, Long current) {
        super("If-Match names version " + expected + " of template '" + id + "', but "
                + (current == null ? "the template does not exist" : "its current version is " + current), null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.VERSION_MISMATCH;
    }
}
