package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;

/**
 * The service holds as many bytes for requests in progress (bodies and rendered batches) as {@code maxInFlightBytes}
 * allows (503, {@code Retry-After}).
 */
public final class IngestBusyException extends IngestException {

    /** @param limit the in-flight budget, in bytes */
    public IngestBusyException(long limit) {
        super("the service is holding as many bytes for requests in progress as it may (" + limit + "); nothing was"
                + " written, retry after Retry-After", null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.INGEST_BUSY;
    }
}
