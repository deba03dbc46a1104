package io.herald.ingest.auth;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.core.InvalidBatchException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-client quotas of {@link ApiClient.Quota}, as Bucket4j token buckets held in this instance's memory: each
 * instance behind a load balancer enforces the full quota on what it receives, so with N instances a client may reach
 * up to N times its quota (see docs/api.md). Thread-safe.
 *
 * <p>Metrics: meters {@code io.herald.ingest.quota.requests.rejected} and
 * {@code io.herald.ingest.quota.recipients.rejected} (429 answers).
 */
public final class ClientQuotas {

    private final Map<String, Buckets> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;
    private final Meter rejectedRequests;
    private final Meter rejectedRecipients;

    private record Buckets(ApiClient.Quota quota, Bucket requests, Bucket recipients) {
    }

    /**
     * @param metrics where the 429 meters are registered
     * @param time the buckets' clock ({@link TimeMeter#SYSTEM_NANOTIME}; tests pass their own)
     */
    public ClientQuotas(MetricRegistry metrics, TimeMeter time) {
        this.time = time;
        this.rejectedRequests = metrics.meter("io.herald.ingest.quota.requests.rejected");
        this.rejectedRecipients = metrics.meter("io.herald.ingest.quota.recipients.rejected");
    }

    /**
     * Takes one request from the client's requests-per-second bucket.
     *
     * @param client the authenticated client
     * @throws QuotaExceededException if the bucket is empty; its {@code retryAfter} is when a token is back
     */
    public void acquireRequest(ApiClient client) {
        ConsumptionProbe probe = of(client).requests().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            rejectedRequests.mark();
            throw new QuotaExceededException("client " + client.clientId() + " is over its quota of "
                    + client.quota().requestsPerSecond() + " requests per second",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /**
     * Takes a batch's recipients from the client's recipients-per-minute bucket. Give them back with
     * {@link #releaseRecipients} if the batch is then not accepted.
     *
     * @param client the authenticated client
     * @param recipients how many recipients the batch has, at least 0
     * @throws QuotaExceededException if the bucket has fewer tokens; its {@code retryAfter} is when it has enough
     * @throws InvalidBatchException (400, pointer {@code /recipients}) if the batch has more recipients than the bucket
     *     can ever hold: waiting would not help
     */
    public void acquireRecipients(ApiClient client, int recipients) {
        if (recipients <= 0) {
            return;
        }
        long perMinute = client.quota().recipientsPerMinute();
        if (recipients > perMinute) {
            throw new InvalidBatchException("/recipients has " + recipients + " entries, more than this client's quota"
                    + " of " + perMinute + " recipients per minute", List.of(new FieldError("/recipients",
                    "has " + recipients + " entries; this client may send at most " + perMinute
                            + " per minute: split the batch")));
        }
        ConsumptionProbe probe = of(client).recipients().tryConsumeAndReturnRemaining(recipients);
        if (!probe.isConsumed()) {
            rejectedRecipients.mark();
            throw new QuotaExceededException("client " + client.clientId() + " is over its quota of " + perMinute
                    + " recipients per minute: " + probe.getRemainingTokens() + " left now, " + recipients
                    + " asked for", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /**
     * Gives back recipients taken by {@link #acquireRecipients} for a batch that was then not accepted (invalid, or
     * Kafka did not acknowledge it), up to the bucket's capacity.
     *
     * @param client the client
     * @param recipients how many to give back
     */
    public void releaseRecipients(ApiClient client, int recipients) {
        if (recipients > 0) {
            of(client).recipients().addTokens(recipients);
        }
    }

    private Buckets of(ApiClient client) {
        Buckets existing = buckets.get(client.clientId());
        if (existing != null && existing.quota().equals(client.quota())) {
            return existing;
        }
        return buckets.compute(client.clientId(), (id, old) ->
                old != null && old.quota().equals(client.quota()) ? old : create(client.quota()));
    }

    private Buckets create(ApiClient.Quota quota) {
        Bucket requests = Bucket.builder().withCustomTimePrecision(time)
                .addLimit(limit -> limit.capacity(quota.requestsPerSecond())
                        .refillGreedy(quota.requestsPerSecond(), Duration.ofSeconds(1)))
                .build();
        Bucket recipients = Bucket.builder().withCustomTimePrecision(time)
                .addLimit(limit -> limit.capacity(quota.recipientsPerMinute())
                        .refillGreedy(quota.recipientsPerMinute(), Duration.ofMinutes(1)))
                .build();
        return new Buckets(quota, requests, recipients);
    }
}
