package io.herald.ingest.auth;

import java.security.Principal;
import java.util.Objects;

/**
 * An authenticated API client: who sent a request, as found from its {@code Authorization: Bearer} key. Every record
 * a request writes carries {@link #clientId()}, and only the same client can read its batches and messages back.
 *
 * @param clientId the client's id, the key of its entry under {@code auth.clients}, e.g. {@code acme}
 * @param quota the client's rate limits
 */
public record ApiClient(String clientId, Quota quota) implements Principal {

    /**
     * A client's limits: two token buckets (each starts full and refills smoothly).
     *
     * @param requestsPerSecond requests of any kind per second, at least 1; the bucket holds one second's worth
     * @param recipientsPerMinute recipients (the {@code recipients} entries of {@code POST /v1/batches}) per minute,
     *     at least 1; the bucket holds one minute's worth, so a single batch may have at most this many recipients
     */
    public record Quota(int requestsPerSecond, long recipientsPerMinute) {

        /** Checks the limits. */
        public Quota {
            if (requestsPerSecond < 1 || recipientsPerMinute < 1) {
                throw new IllegalArgumentException("quota out of range: requestsPerSecond=" + requestsPerSecond
                        + ", recipientsPerMinute=" + recipientsPerMinute + " (both at least 1)");
            }
        }
    }

    /** Checks the fields. */
    public ApiClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(quota, "quota");
    }

    /** @return the client id, as {@link Principal#getName()} */
    @Override
    public String getName() {
        return clientId;
    }
}
