package io.herald.ingest.resources;

import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.metrics.IngestMeters;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Counts every answer of {@code POST /v1/batches} in {@code herald_ingest_batches_total{client, status}}
 * ({@link IngestMeters#batchAnswered}). A global response filter, so that it sees what the resource returns and also
 * what Jersey answers without it: the problems of the exception mappers, the 401 of the auth filter, the 429 of the
 * quota filter, the 415 of a wrong {@code Content-Type}, the 413 and 503 of {@link RequestBodyLimitFilter}. Answers
 * Jetty gives before Jersey (a malformed request line, headers over its limit) are not counted.
 */
public final class BatchAnswerCounter implements ContainerResponseFilter {

    private static final String PATH = "v1/batches";

    private final IngestMeters meters;

    /** @param meters where the answers are counted */
    public BatchAnswerCounter(IngestMeters meters) {
        this.meters = meters;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!HttpMethod.POST.equals(request.getMethod()) || !isBatchesPath(request.getUriInfo().getPath())) {
            return;
        }
        SecurityContext security = request.getSecurityContext();
        String clientId = security != null && security.getUserPrincipal() instanceof ApiClient client
                ? client.clientId() : null;
        meters.batchAnswered(clientId, response.getStatus());
    }

    /** @param path the request path relative to the application's root, without a leading slash */
    private static boolean isBatchesPath(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return PATH.equals(trimmed);
    }
}
