package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import java.util.List;

/**
 * A request other than a batch that breaks the API's rules (400), e.g. a suppression for an invalid phone number:
 * nothing was written to Kafka.
 */
public final class InvalidRequestException extends IngestException {

    private final List<FieldError> errors;

    /**
     * @param message the problem's detail, e.g. {@code invalid recipient}; never personal data
     * @param errors the invalid parts, each with a JSON Pointer (RFC 6901); not empty
     */
    public InvalidRequestException(String message, List<FieldError> errors) {
        super(message, null);
        this.errors = List.copyOf(errors);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.INVALID_REQUEST;
    }

    @Override
    public List<FieldError> errors() {
        return errors;
    }
}
