package io.herald.ingest.auth;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.herald.auth.ApiKeys;
import io.herald.ingest.api.QuietHoursRequest;
import io.herald.schema.Priorities;
import io.herald.schema.PriorityLane;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code auth:} section of the ingest configuration: the API clients and their keys. Every request to the
 * application port except {@code GET /openapi.yaml} needs {@code Authorization: Bearer <key>}; the admin port (health
 * checks, metrics) is not behind it. With no client configured, every request gets a 401.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code realm}</td><td>{@code herald}</td><td>The realm of the 401's {@code WWW-Authenticate: Bearer}
 *       challenge (RFC 6750 §3).</td></tr>
 *   <tr><td>{@code clients}</td><td>empty</td><td>Client id (1–64 of {@code A-Z a-z 0-9 . _ -}) → its entry:</td></tr>
 *   <tr><td>{@code clients.<id>.keyHashes}</td><td>(required)</td><td>SHA-256 hashes of the client's keys, 64 hex
 *       digits each (see {@link ApiKeys}); several allow rotating a key without downtime. A single string is read as a
 *       list of one, and an empty string is ignored (an unset environment variable). {@code ./herald apikey new ID}
 *       prints a key and its entry.</td></tr>
 *   <tr><td>{@code clients.<id>.requestsPerSecond}</td><td>50</td><td>Requests per second, of any kind (token
 *       bucket of one second's worth); more get 429 with {@code Retry-After}.</td></tr>
 *   <tr><td>{@code clients.<id>.recipientsPerMinute}</td><td>600000</td><td>Recipients per minute over all of the
 *       client's {@code POST /v1/batches} (token bucket of one minute's worth); more get 429 with
 *       {@code Retry-After}. A single batch larger than this is a 400.</td></tr>
 *   <tr><td>{@code clients.<id>.senders}</td><td>empty (any)</td><td>What the client may send from: SMS sender ids as
 *       written ({@code HERALD}), e-mail From domains as {@code @example.com}, whole From addresses. A batch from
 *       another sender is a 403 {@code sender-not-allowed} problem with pointer {@code /from}.</td></tr>
 *   <tr><td>{@code clients.<id>.quietHours}</td><td>none</td><td>{@code {start, end}}, local times {@code HH:mm}: the
 *       quiet hours of the client's SMS batches that give none (a batch's own replace them; a {@code high} priority
 *       batch without its own ignores them). Two equal or malformed
 *       times stop the service at start-up.</td></tr>
 *   <tr><td>{@code clients.<id>.maxPriority}</td><td>{@code high}</td><td>The highest {@code priority} the client's
 *       batches may ask for: {@code high}, {@code normal} or {@code bulk}. A batch above it is a 403
 *       {@code priority-not-allowed} problem with pointer {@code /priority}. Any other value stops the service at
 *       start-up.</td></tr>
 * </table>
 */
public class AuthFactory {

    /** The pattern of a client id. */
    public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @NotEmpty
    private String realm = "herald";

    @NotNull
    @Valid
    private Map<String, ClientFactory> clients = new LinkedHashMap<>();

    /** One entry of {@code auth.clients}. */
    public static class ClientFactory {

        @NotNull
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        private List<String> keyHashes = new ArrayList<>();

        @Min(1)
        private int requestsPerSecond = 50;

        @Min(1)
        private long recipientsPerMinute = 600_000;

        @NotNull
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        private List<String> senders = new ArrayList<>();

        private QuietHoursRequest quietHours;

        @NotNull
        private String maxPriority = "high";

        /** @return the highest priority the client's batches may ask for: high, normal or bulk */
        @JsonProperty
        public String getMaxPriority() {
            return maxPriority;
        }

        @JsonProperty
        public void setMaxPriority(String maxPriority) {
            this.maxPriority = maxPriority;
        }

        /** @return the quiet hours of the client's SMS batches that give none, or null */
        @JsonProperty
        public QuietHoursRequest getQuietHours() {
            return quietHours;
        }

        @JsonProperty
        public void setQuietHours(QuietHoursRequest quietHours) {
            this.quietHours = quietHours;
        }

        /** @return what the client may send from; empty: any sender */
        @JsonProperty
        public List<String> getSenders() {
            return senders;
        }

        @JsonProperty
        public void setSenders(List<String> senders) {
            this.senders = senders;
        }

        /** @return the hashes, as configured (empty strings included) */
        @JsonProperty
        public List<String> getKeyHashes() {
            return keyHashes;
        }

        @JsonProperty
        public void setKeyHashes(List<String> keyHashes) {
            this.keyHashes = keyHashes;
        }

        @JsonProperty
        public int getRequestsPerSecond() {
            return requestsPerSecond;
        }

        @JsonProperty
        public void setRequestsPerSecond(int requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
        }

        @JsonProperty
        public long getRecipientsPerMinute() {
            return recipientsPerMinute;
        }

        @JsonProperty
        public void setRecipientsPerMinute(long recipientsPerMinute) {
            this.recipientsPerMinute = recipientsPerMinute;
        }
    }

    @JsonProperty
    public String getRealm() {
        return realm;
    }

    @JsonProperty
    public void setRealm(String realm) {
        this.realm = realm;
    }

    @JsonProperty
    public Map<String, ClientFactory> getClients() {
        return clients;
    }

    @JsonProperty
    public void setClients(Map<String, ClientFactory> clients) {
        this.clients = clients;
    }

    /**
     * @return whether every client id and key hash is well formed and no hash belongs to two clients (startup check)
     */
    @JsonIgnore
    @ValidationMethod(message = "auth.clients: ids must match [A-Za-z0-9._-]{1,64}, keyHashes must be SHA-256 as 64"
            + " lower-case hex digits, and no hash may belong to two clients")
    public boolean isClientsWellFormed() {
        try {
            buildKeyTable();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @return the quiet hours, or null if none
     * @throws IllegalArgumentException if they are not two different local times {@code HH:mm}
     */
    private static QuietHoursRequest checkedQuietHours(String clientId, QuietHoursRequest quiet) {
        if (quiet == null) {
            return null;
        }
        if (!QuietHoursRequest.isLocalTime(quiet.start()) || !QuietHoursRequest.isLocalTime(quiet.end())
                || quiet.start().equals(quiet.end())) {
            throw new IllegalArgumentException("auth.clients." + clientId + ".quietHours: start and end must be two"
                    + " different local times HH:mm, not " + quiet.start() + " and " + quiet.end());
        }
        return quiet;
    }

    /**
     * @return the lane, HIGH if not set
     * @throws IllegalArgumentException if it is not high, normal or bulk
     */
    private static PriorityLane checkedMaxPriority(String clientId, String maxPriority) {
        if (maxPriority == null) {
            return PriorityLane.HIGH;
        }
        return Priorities.parse(maxPriority).orElseThrow(() -> new IllegalArgumentException("auth.clients."
                + clientId + ".maxPriority must be high, normal or bulk, not " + maxPriority));
    }

    /**
     * @return key hash → client, for {@link ApiKeyAuthenticator}
     * @throws IllegalArgumentException if a client id or hash is malformed, or a hash is listed twice
     */
    public Map<String, ApiClient> buildKeyTable() {
        Map<String, ApiClient> byHash = new HashMap<>();
        if (clients == null) {
            return byHash;
        }
        clients.forEach((id, client) -> {
            if (id == null || !CLIENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("client id " + id + " does not match " + CLIENT_ID);
            }
            QuietHoursRequest quiet = checkedQuietHours(id, client.getQuietHours());
            ApiClient principal = new ApiClient(id, new ApiClient.Quota(client.getRequestsPerSecond(),
                    client.getRecipientsPerMinute()), client.getSenders() == null ? Set.of()
                    : client.getSenders().stream().filter(sender -> sender != null && !sender.isBlank())
                            .map(String::strip).collect(java.util.stream.Collectors.toSet()), quiet,
                    checkedMaxPriority(id, client.getMaxPriority()));
            for (String hash : client.getKeyHashes() == null ? List.<String>of() : client.getKeyHashes()) {
                if (hash == null || hash.isBlank()) {
                    continue; // an unset environment variable
                }
                String normalized = hash.strip();
                if (!ApiKeys.HASH.matcher(normalized).matches()) {
                    throw new IllegalArgumentException("a key hash of client " + id
                            + " is not 64 lower-case hex digits");
                }
                if (byHash.put(normalized, principal) != null) {
                    throw new IllegalArgumentException("a key hash is listed twice (client " + id + ")");
                }
            }
        });
        return byHash;
    }
}
