package io.herald.ingest.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.Problem;
import jakarta.ws.rs.core.Response;

/**
 * Answers Dropwizard's auth failures with a 401 problem (RFC 9457) and the {@code WWW-Authenticate} challenge, never
 * Dropwizard's plain-text "Credentials are required". {@link BearerKeyAuthFilter} throws its own, more precise
 * {@link UnauthorizedException}; this one covers any other path through Dropwizard's filter.
 */
public final class ProblemUnauthorizedHandler implements UnauthorizedHandler {

    private static final String DETAIL = "a valid API key is required: send Authorization: Bearer <key>";

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(ErrorCode.UNAUTHORIZED.status())
                .header("WWW-Authenticate", prefix + " realm=\"" + realm + "\"")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(ErrorCode.UNAUTHORIZED, DETAIL, null))
                .build();
    }

    @Override
    public RuntimeException buildException(String prefix, String realm) {
        return new UnauthorizedException(realm, DETAIL);
    }
}
