package io.herald.ingest.template;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;

/** No named template has the requested id (404 {@code template-not-found}). */
public final class TemplateNotFoundException extends IngestException {

    /** @param id the template id asked for, already checked to be a valid id */
    public TemplateNotFoundException(String id) {
        super("no template with id '" + id + "'", null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.TEMPLATE_NOT_FOUND;
    }
}
