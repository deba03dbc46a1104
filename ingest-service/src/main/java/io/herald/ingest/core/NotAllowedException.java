package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import java.util.List;

/**
 * A valid batch asks for something its client may not use (403, with a pointer to the field): a sender, a priority.
 * Nothing was written.
 */
public abstract class NotAllowedException extends IngestException {

    private final ErrorCode code;
    private final String pointer;
    private final String detail;

    /**
     * @param code the problem's code, a 403
     * @param pointer the JSON pointer of the field, e.g. {@code /from}
     * @param detail what is not allowed, e.g. {@code sender id ACME is not among this client's senders}
     */
    protected NotAllowedException(ErrorCode code, String pointer, String detail) {
        super(pointer + " " + detail, null);
        this.code = code;
        this.pointer = pointer;
        this.detail = detail;
    }

    @Override
    public ErrorCode getCode() {
        return code;
    }

    @Override
    public List<FieldError> errors() {
        return List.of(new FieldError(pointer, detail));
    }
}
