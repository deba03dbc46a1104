package io.herald.ingest.resources;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers the HTTP errors Jersey raises itself (unknown path, wrong method, wrong Content-Type, unacceptable Accept)
 * with a problem, keeping the headers Jersey set (such as {@code Allow} on a 405). Statuses without a Herald error
 * code get type {@code about:blank} and the reason phrase as title (RFC 9457 §4.2.1).
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        Problem problem = switch (status) {
            case 404 -> Problem.of(ErrorCode.NOT_FOUND, "no resource at this path; see docs/ingest-service.md", null);
            case 405 -> Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "this method is not allowed here; allowed: "
                    + original.getAllowedMethods(), null);
            case 406 -> Problem.of(ErrorCode.NOT_ACCEPTABLE, "the answer is " + MediaType.APPLICATION_JSON
                    + " (errors " + Problem.MEDIA_TYPE + "); Accept must allow it", null);
            case 415 -> Problem.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be "
                    + MediaType.APPLICATION_JSON, null);
            default -> {
                Response.StatusType type = original.getStatusInfo();
                yield new Problem("about:blank", type.getReasonPhrase(), status, type.getReasonPhrase(), null, null,
                        null, null);
            }
        };
        Response.ResponseBuilder response = ProblemResponse.of(problem);
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)
                    && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }
}
