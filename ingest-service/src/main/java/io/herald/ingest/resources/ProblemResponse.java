package io.herald.ingest.resources;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds {@code application/problem+json} answers (RFC 9457) for the exception mappers. */
final class ProblemResponse {

    private ProblemResponse() {
    }

    /**
     * @param code the error code, which gives status, type and title
     * @param detail what went wrong this time
     * @param errors the invalid fields, or null
     * @return a response builder with status, content type and body set, for more headers
     */
    static Response.ResponseBuilder of(ErrorCode code, String detail, List<FieldError> errors) {
        return of(Problem.of(code, detail, errors));
    }

    /**
     * @param problem the body
     * @return a response builder with status, content type and body set
     */
    static Response.ResponseBuilder of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
