package io.herald.ingest.client;

import io.herald.ingest.api.Problem;
import java.time.Duration;
import java.util.Optional;

/**
 * The ingest service answered with an error status: 4xx or 5xx, with its {@code application/problem+json} body
 * (RFC 9457) when it sent one.
 */
public final class IngestApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Problem problem;
    private final transient Duration retryAfter;

    /**
     * @param request what was asked, e.g. {@code POST /v1/batches}
     * @param status the HTTP status code
     * @param problem the problem document, or null if the body was none
     * @param retryAfter the {@code Retry-After} header in seconds, or null if absent
     */
    public IngestApiException(String request, int status, Problem problem, Duration retryAfter) {
        super(request + " answered " + status
                + (problem == null ? "" : " " + problem.type() + ": " + problem.detail()));
        this.status = status;
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    /** @return the HTTP status code */
    public int status() {
        return status;
    }

    /** @return the problem document, if the answer had one */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /** @return how long the service asked to wait before trying again ({@code Retry-After}), if it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * @return whether the same request may succeed later: 429 (quota), 503 (Kafka or a store unavailable, busy) and
     *     other 5xx; a 4xx other than 429 will fail again as it is
     */
    public boolean isRetriable() {
        return status == 429 || status >= 500;
    }
}
