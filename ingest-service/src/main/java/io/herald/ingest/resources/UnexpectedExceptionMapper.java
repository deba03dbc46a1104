package io.herald.ingest.resources;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort: answers any other exception with a 500 problem that carries only a random error id, and logs the
 * exception under that id (as Dropwizard's {@code LoggingExceptionMapper} does). Such an answer means a bug. A client
 * that hung up mid-body ({@link EofException}) is not one: it gets a 400 and a DEBUG line.
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        if (causedByEarlyEof(exception)) {
            LOG.debug("client closed the connection before the body ended", exception);
            return ProblemResponse.of(ErrorCode.MALFORMED_JSON, "the request body ended early", null).build();
        }
        String errorId = String.format("%016x", ThreadLocalRandom.current().nextLong());
        LOG.error("error {} handling a request", errorId, exception);
        Problem problem = new Problem(ErrorCode.INTERNAL_ERROR.type(), ErrorCode.INTERNAL_ERROR.title(),
                ErrorCode.INTERNAL_ERROR.status(), "an unexpected error occurred; it was logged as " + errorId, null,
                errorId, null, null);
        return ProblemResponse.of(problem).build();
    }

    private static boolean causedByEarlyEof(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof EofException) {
                return true;
            }
        }
        return false;
    }
}
