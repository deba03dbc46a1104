package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import java.util.List;

/**
 * A request other than a batch that breaks the API's rules (400): a template request ({@code /v1/templates/{id}}) or
 * a suppression for an invalid phone number. Nothing was written to Kafka.
 */
public final class InvalidRequestException extends IngestException {

    private final List<FieldError> errors;

    /**
     * @param message the problem's detail, e.g. {@code /text must not be blank}; never personal data
     * @param errors the invalid fields or parameters, each with a JSON Pointer (RFC 6901); not empty
     */
    public InvalidRequestException(String message, List<FieldError> errors) {
        super(message, null);
        this.errors = List.copyOf(errors);
    }

    /**
     * @param errors the invalid fields; not empty
     * @return an exception whose detail is the single error ({@code /text must not be blank}) or the count
     */
    public static InvalidRequestException of(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? (errors.get(0).pointer().isEmpty() ? "" : errors.get(0).pointer() + " ") + errors.get(0).detail()
                : errors.size() + " invalid fields";
        return new InvalidRequestException(detail, errors);
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
