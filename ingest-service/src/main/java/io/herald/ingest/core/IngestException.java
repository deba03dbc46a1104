package io.herald.ingest.core;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The base of every error the ingest service reports to a client on purpose; its code gives the HTTP answer. */
public abstract class IngestException extends RuntimeException {

    /**
     * @param message the problem's detail, for the client; never personal data
     * @param cause the underlying cause, or null
     */
    protected IngestException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return the stable error code, which binds the HTTP status and problem type */
    public abstract ErrorCode getCode();

    /** @return the invalid fields, each with a JSON Pointer (RFC 6901), for a problem's {@code errors}; null if none */
    public List<FieldError> errors() {
        return null;
    }

    /**
     * @return how long the client should wait before it retries, for {@code Retry-After} (whole seconds, rounded up);
     *     null for the service's configured {@code retryAfter} when the code is retriable
     */
    public Duration retryAfter() {
        return null;
    }

    /** @return more headers of the answer, e.g. {@code WWW-Authenticate}; empty by default */
    public Map<String, String> headers() {
        return Map.of();
    }
}
