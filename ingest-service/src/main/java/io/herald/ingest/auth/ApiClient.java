package io.herald.ingest.auth;

import io.herald.ingest.api.QuietHoursRequest;
import io.herald.schema.PriorityLane;
import java.security.Principal;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An authenticated API client: who sent a request, as found from its {@code Authorization: Bearer} key. Every record
 * a request writes carries {@link #clientId()}, and only the same client can read its batches and messages back.
 *
 * @param clientId the client's id, the key of its entry under {@code auth.clients}, e.g. {@code acme}
 * @param quota the client's rate limits
 * @param senders what the client may send from ({@code auth.clients.<id>.senders}): SMS sender ids as written
 *     ({@code HERALD}, {@code +4790000000}), e-mail From domains as {@code @example.com} and whole addresses as
 *     {@code noreply@example.com}; empty: any sender
 * @param quietHours the quiet hours of the client's SMS batches that give none ({@code auth.clients.<id>.quietHours}),
 *     or null
 * @param maxPriority the highest priority lane the client's batches may ask for
 *     ({@code auth.clients.<id>.maxPriority}); null for {@link PriorityLane#HIGH}, any lane
 */
public record ApiClient(String clientId, Quota quota, Set<String> senders, QuietHoursRequest quietHours,
                        PriorityLane maxPriority) implements Principal {

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

    /** Checks the fields; copies {@code senders}. */
    public ApiClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(quota, "quota");
        senders = Set.copyOf(senders);
        maxPriority = maxPriority == null ? PriorityLane.HIGH : maxPriority;
    }

    /**
     * A client that may ask for any priority.
     *
     * @param clientId the client's id
     * @param quota the client's rate limits
     * @param senders what the client may send from; empty: any sender
     * @param quietHours the default quiet hours of its SMS batches, or null
     */
    public ApiClient(String clientId, Quota quota, Set<String> senders, QuietHoursRequest quietHours) {
        this(clientId, quota, senders, quietHours, PriorityLane.HIGH);
    }

    /**
     * @param lane a batch's priority lane
     * @return whether this client may ask for it: it is {@link #maxPriority()} or lower (HIGH above NORMAL above BULK)
     */
    public boolean allowsLane(PriorityLane lane) {
        return lane.ordinal() >= maxPriority.ordinal();
    }

    /**
     * A client that may send from any sender.
     *
     * @param clientId the client's id
     * @param quota the client's rate limits
     */
    public ApiClient(String clientId, Quota quota) {
        this(clientId, quota, Set.of());
    }

    /**
     * A client without default quiet hours.
     *
     * @param clientId the client's id
     * @param quota the client's rate limits
     * @param senders what the client may send from; empty: any sender
     */
    public ApiClient(String clientId, Quota quota, Set<String> senders) {
        this(clientId, quota, senders, null);
    }

    /**
     * @param from an SMS sender id as the batch gives it
     * @return whether this client may send SMS from it
     */
    public boolean allowsSmsSender(String from) {
        return senders.isEmpty() || senders.contains(from);
    }

    /**
     * @param address a bare e-mail sender address, lower-case, domain in ASCII form
     * @return whether this client may send e-mail from it: its domain or the address itself is listed
     */
    public boolean allowsEmailSender(String address) {
        if (senders.isEmpty()) {
            return true;
        }
        String domain = address.substring(address.lastIndexOf('@'));
        return senders.stream().map(sender -> sender.toLowerCase(Locale.ROOT))
                .anyMatch(sender -> sender.equals(address) || sender.equals(domain));
    }

    /** @return the client id, as {@link Principal#getName()} */
    @Override
    public String getName() {
        return clientId;
    }
}
