package io.herald.ingest.idempotency;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;

/**
 * The idempotency keys cannot be read or written now (503 {@code kafka-unavailable}, with {@code Retry-After}): this
 * instance has not loaded them yet, or Kafka did not acknowledge a claim, or this instance did not read it back, in
 * time. The batch was not written. Retriable with the same key.
 */
public final class IdempotencyUnavailableException extends IngestException {

    /**
     * @param message what failed; never a key or a body
     * @param cause the Kafka error, or null
     */
    public IdempotencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.KAFKA_UNAVAILABLE;
    }
}
