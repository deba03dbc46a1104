package io.herald.ingest.resources;

import io.herald.ingest.api.Problem;
import io.herald.ingest.core.IngestException;
import io.herald.ingest.core.PublishException;
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
        Problem problem;
        if (exception instanceof PublishException publish && publish.acknowledged() >= 0 && publish.total() >= 0) {
            // A partial write: say how much of the batch is on Kafka already (docs/api.md).
            problem = Problem.of(exception.getCode(), exception.getMessage() + "; " + publish.acknowledged() + " of "
                    + publish.total() + " records were acknowledged and will be sent, a retry writes them again",
                    null).withWritten(publish.acknowledged(), publish.total());
        } else {
            problem = Problem.of(exception.getCode(), exception.getMessage(), exception.errors());
        }
        Response.ResponseBuilder response = ProblemResponse.of(problem);
        if (exception.getCode().isRetriable()) {
            Duration wait = exception.retryAfter();
            long seconds = wait == null ? retryAfterSeconds : Math.max(1, (wait.toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        exception.headers().forEach(response::header);
        return response.build();
    }
}
