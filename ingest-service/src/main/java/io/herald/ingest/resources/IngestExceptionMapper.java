package io.herald.ingest.resources;

import io.herald.ingest.core.IngestException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Duration;

/**
 * Answers an {@link IngestException} with the problem of its code: its field errors (an invalid batch or request), and
 * {@code Retry-After} for a retriable error.
 */
public final class IngestExceptionMapper implements ExceptionMapper<IngestException> {

    private final long retryAfterSeconds;

    /** @param retryAfter the delay a retriable error asks the client to wait, sent in whole seconds (at least 1) */
    public IngestExceptionMapper(Duration retryAfter) {
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    @Override
    public Response toResponse(IngestException exception) {
        Response.ResponseBuilder response = ProblemResponse.of(exception.getCode(), exception.getMessage(),
                exception.errors());
        if (exception.getCode().isRetriable()) {
            Duration wait = exception.retryAfter();
            long seconds = wait == null ? retryAfterSeconds : Math.max(1, (wait.toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        exception.headers().forEach(response::header);
        return response.build();
    }
}
