package io.herald.ingest.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.security.Principal;

/**
 * Takes one token of the authenticated client's requests-per-second quota for every request; over it, the request
 * gets a 429 problem with {@code Retry-After}. Runs after authentication; requests without a client (the public
 * {@code GET /openapi.yaml}) are not counted.
 */
@Priority(Priorities.AUTHORIZATION)
public final class RequestQuotaFilter implements ContainerRequestFilter {

    private final ClientQuotas quotas;

    /** @param quotas the clients' buckets */
    public RequestQuotaFilter(ClientQuotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext() == null ? null
                : request.getSecurityContext().getUserPrincipal();
        if (principal instanceof ApiClient client) {
            quotas.acquireRequest(client);
        }
    }
}
