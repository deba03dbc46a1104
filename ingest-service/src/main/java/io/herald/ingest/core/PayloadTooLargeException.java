package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;

/** The request body is larger than {@code maxRequestSize}, or the batch renders to more than it may (413). */
public final class PayloadTooLargeException extends IngestException {

    /** @param limit the largest body accepted, in bytes */
    public PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes (maxRequestSize); split the batch", null);
    }

    /** @param message what is too large, and the limit */
    public PayloadTooLargeException(String message) {
        super(message, null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.PAYLOAD_TOO_LARGE;
    }
}
