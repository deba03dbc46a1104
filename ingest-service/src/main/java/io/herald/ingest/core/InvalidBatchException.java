package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import java.util.List;

/** A batch that breaks the API's rules as a whole (400): nothing of it was written to Kafka. */
public final class InvalidBatchException extends IngestException {

    private final List<FieldError> errors;

    /**
     * @param message the problem's detail, e.g. {@code 2 invalid fields}
     * @param errors the invalid fields, each with a JSON Pointer (RFC 6901); not empty
     */
    public InvalidBatchException(String message, List<FieldError> errors) {
        super(message, null);
        this.errors = List.copyOf(errors);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.INVALID_REQUEST;
    }

    /** @return the invalid fields, in the order they were found */
    @Override
    public List<FieldError> errors() {
        return errors;
    }
}
