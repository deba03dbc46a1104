package io.herald.ingest.idempotency;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.core.IngestException;
import java.util.List;

/**
 * The {@code Idempotency-Key} was used within the retention (24 h by default) for a request with another body (422
 * {@code idempotency-key-reused}, pointer {@code /headers/Idempotency-Key}). Nothing was written. Not retriable: a new
 * request needs a new key.
 */
public final class IdempotencyKeyReusedException extends IngestException {

    /** Creates the exception; its detail names no key and no body. */
    public IdempotencyKeyReusedException() {
        super("the Idempotency-Key was already used for a request with a different body", null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.IDEMPOTENCY_KEY_REUSED;
    }

    @Override
    public List<FieldError> errors() {
        return List.of(new FieldError("/headers/" + BatchRequest.IDEMPOTENCY_KEY_HEADER,
                "was used for a request with a different body; use a new key for a new request"));
    }
}
