package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import java.util.List;

/** The batch's {@code from} is not among its client's senders (403, pointer {@code /from}). */
public final class SenderNotAllowedException extends IngestException {

    /** @param detail what is not allowed, e.g. {@code sender id ACME is not among this client's senders} */
    public SenderNotAllowedException(String detail) {
        super("/from " + detail, null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.SENDER_NOT_ALLOWED;
    }

    @Override
    public List<FieldError> errors() {
        return List.of(new FieldError("/from", getMessage().substring("/from ".length())));
    }
}
