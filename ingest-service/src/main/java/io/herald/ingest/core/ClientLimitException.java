package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;

/**
 * A client already has as many stored items of a kind as the operator allows it ({@code maxTemplatesPerClient},
 * {@code maxSuppressionsPerClient}): 429 {@code limit-reached}. Nothing was written. Not retriable as it is: the client
 * deletes some of its items first, or asks the operator for a higher limit.
 */
public final class ClientLimitException extends IngestException {

    /** @param detail which limit, e.g. {@code this client already has 1000 templates, the most it may have} */
    public ClientLimitException(String detail) {
        super(detail, null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.LIMIT_REACHED;
    }
}
