package io.herald.ingest.idempotency;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;
import java.time.Duration;

/**
 * A request with the same {@code Idempotency-Key} and body is still running, on this or another instance (409
 * {@code idempotency-key-in-use}, {@code Retry-After: 1}). Nothing was written by this request. Retriable: once the
 * first request is done, a retry gets its answer (or runs, if it failed).
 */
public final class IdempotencyKeyInUseException extends IngestException {

    /** The wait this answer asks for. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** Creates the exception; its detail names no key. */
    public IdempotencyKeyInUseException() {
        super("a request with this Idempotency-Key is still in progress; retry after it finished", null);
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.IDEMPOTENCY_KEY_IN_USE;
    }

    @Override
    public Duration retryAfter() {
        return RETRY_AFTER;
    }
}
