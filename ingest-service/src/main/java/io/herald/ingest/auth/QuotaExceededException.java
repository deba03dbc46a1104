package io.herald.ingest.auth;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;
import java.time.Duration;

/** A client went over one of its quotas (429); {@code Retry-After} says when the quota has room again. */
public final class QuotaExceededException extends IngestException {

    private final Duration wait;

    /**
     * @param detail which quota, for the client
     * @param wait how long until the quota has room for the request
     */
    public QuotaExceededException(String detail, Duration wait) {
        super(detail, null);
        this.wait = wait;
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.QUOTA_EXCEEDED;
    }

    @Override
    public Duration retryAfter() {
        return wait;
    }
}
