package io.herald.ingest.auth;

import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/**
 * Reads the API key from {@code Authorization: Bearer <key>} (RFC 6750 §2.1) and authenticates it. Unlike
 * Dropwizard's {@code OAuthCredentialAuthFilter} it never reads a key from the query string, where it would end up
 * in request logs. A missing, malformed or unknown key is a 401 problem ({@link UnauthorizedException}).
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerKeyAuthFilter extends AuthFilter<String, ApiClient> {

    /** The authentication scheme, RFC 6750 §2.1. */
    public static final String SCHEME = "Bearer";

    private BearerKeyAuthFilter() {
    }

    /**
     * @param authenticator finds a key's client
     * @param realm the realm of the 401's challenge
     * @return the filter, for {@code AuthDynamicFeature}
     */
    public static BearerKeyAuthFilter create(ApiKeyAuthenticator authenticator, String realm) {
        return new Builder()
                .setAuthenticator(authenticator)
                .setPrefix(SCHEME)
                .setRealm(realm)
                .setUnauthorizedHandler(new ProblemUnauthorizedHandler())
                .buildAuthFilter();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new UnauthorizedException(realm, "an API key is required: send Authorization: Bearer <key>");
        }
        String key = keyOf(header);
        if (key == null) {
            throw new UnauthorizedException(realm, "the Authorization header must be Bearer <key>");
        }
        if (!authenticate(request, key, SCHEME)) {
            throw new UnauthorizedException(realm, "the API key is not valid");
        }
    }

    /** @return the key of a {@code Bearer} header value (scheme case-insensitive, RFC 9110 §11.1), or null */
    static String keyOf(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        String key = value.substring(space + 1).strip();
        return key.isEmpty() || key.indexOf(' ') >= 0 ? null : key;
    }

    private static final class Builder extends AuthFilterBuilder<String, ApiClient, BearerKeyAuthFilter> {
        @Override
        protected BearerKeyAuthFilter newInstance() {
            return new BearerKeyAuthFilter();
        }
    }
}
