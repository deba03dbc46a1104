package io.herald.ingest.suppression;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;

/**
 * This instance cannot count a client's suppression entries yet (503 {@code kafka-unavailable}, with
 * {@code Retry-After}): it has not read {@code notify.suppressions} to its end since it started, or its reader failed.
 * Retriable.
 */
public final class SuppressionListUnavailableException extends IngestException {

    /** @param message what is wrong, e.g. {@code the suppression list is still loading}; never a recipient */
    public SuppressionListUnavailableException(String message) {
        super(message, null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.KAFKA_UNAVAILABLE;
    }
}
