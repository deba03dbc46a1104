package io.herald.ingest.callback;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.herald.ingest.core.CallbackTargets;
import io.herald.ingest.kafka.KafkaFactory;
import io.herald.schema.DeliveryStatus;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.StatusCallbackTarget;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The {@code callbacks:} section of the ingest configuration: completion callbacks, POSTed to a batch's
 * {@code callbackUrl} when no message of it is pending, signed with HMAC-SHA256 (see {@link CallbackSender}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code enabled}</td><td>true</td><td>Send callbacks from this instance (one consumer in the group
 *       {@code groupId}; any number of instances share the work).</td></tr>
 *   <tr><td>{@code signingKeys}</td><td>empty</td><td>API client id → signing key (at least 32 bytes of UTF-8); a
 *       batch without a client uses {@code default}. A batch may give {@code callbackUrl} only if its client has a
 *       key. An empty value means no key (an unset environment variable).</td></tr>
 *   <tr><td>{@code groupId}</td><td>{@code herald-ingest-callbacks}</td><td>Consumer group reading
 *       {@code notify.batches.completed}.</td></tr>
 *   <tr><td>{@code timeout}</td><td>10s</td><td>The longest one POST may take, from connecting to the answer's
 *       status line and headers (the body is not read).</td></tr>
 *   <tr><td>{@code maxAttempts}</td><td>10</td><td>POSTs per callback before it is given up (logged,
 *   metered).</td></tr> <tr><td>{@code initialBackoff}</td><td>1s</td><td>Wait after the first failure; doubled after
 *       each, up to {@code maxBackoff}. A {@code Retry-After} in seconds, up to {@code maxBackoff}, wins.</td></tr>
 *   <tr><td>{@code maxBackoff}</td><td>5 minutes</td><td>The longest wait between attempts.</td></tr>
 *   <tr><td>{@code threads}</td><td>4</td><td>Threads that POST callbacks, for all clients.</td></tr>
 *   <tr><td>{@code maxConcurrentPerClient}</td><td>1</td><td>POSTs in flight at once for one API client: a client
 *       whose receiver is slow holds at most this many of the {@code threads}. Keep it below {@code threads}.</td></tr>
 *   <tr><td>{@code maxPending}</td><td>10000</td><td>Callbacks held in memory at most (queued, in flight or waiting
 *       for their next attempt), for all clients; at that many the consumer pauses its partitions (still polling, so
 *       it stays in the group) until fewer are held.</td></tr>
 *   <tr><td>{@code maxPendingPerClient}</td><td>1000</td><td>Callbacks held at most for one API client; that
 *       client's next ones are given up at once (logged at WARN with the client id, metered {@code abandoned}) so
 *       that it never holds up the others.</td></tr>
 *   <tr><td>{@code allowHttp}</td><td>false</td><td>Allow plain {@code http} callback URLs; otherwise a batch's
 *       {@code callbackUrl} must be {@code https}.</td></tr>
 *   <tr><td>{@code allowedNetworks}</td><td>empty</td><td>CIDRs ({@code 10.20.0.0/16}, {@code fd00::/8},
 *       {@code 127.0.0.2/32}) that callbacks may reach although they are loopback, private, link-local or otherwise
 *       special-purpose. Empty: callbacks go only to public addresses (see {@link CallbackTargets}), checked when a
 *       batch is submitted and again, on the resolved address connected to, when its callback is sent.</td></tr>
 *   <tr><td>{@code allowedHosts}</td><td>empty</td><td>API client id → the only hosts its callbacks may go to
 *       ({@code hooks.example.com}, or {@code *.example.com} for any name under it). A client without an entry may
 *       use any host that passes the other checks.</td></tr>
 * </table>
 */
public class CallbackFactory {

    private boolean enabled = true;

    @NotNull
    private Map<String, String> signingKeys = new LinkedHashMap<>();

    @NotEmpty
    private String groupId = "herald-ingest-callbacks";

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration timeout = Duration.seconds(10);

    @Min(1)
    @Max(100)
    private int maxAttempts = 10;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration initialBackoff = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration maxBackoff = Duration.minutes(5);

    @Min(1)
    @Max(256)
    private int threads = 4;

    @Min(1)
    @Max(256)
    private int maxConcurrentPerClient = 1;

    @Min(1)
    @Max(1_000_000)
    private int maxPending = 10_000;

    @Min(1)
    @Max(1_000_000)
    private int maxPendingPerClient = 1_000;

    private boolean allowHttp;

    @NotNull
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    private List<String> allowedNetworks = new ArrayList<>();

    @NotNull
    private Map<String, List<String>> allowedHosts = new LinkedHashMap<>();

    /** @return whether every entry of {@code allowedNetworks} is a CIDR (startup check) */
    @ValidationMethod(message = "callbacks.allowedNetworks: every entry must be a CIDR, address/prefix length, such as"
            + " 10.20.0.0/16 or fd00::/8")
    @JsonIgnore
    public boolean isAllowedNetworksWellFormed() {
        return allowedNetworks != null && CallbackTargets.malformed(allowedNetworks).isEmpty();
    }

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public Map<String, String> getSigningKeys() {
        return signingKeys;
    }

    @JsonProperty
    public void setSigningKeys(Map<String, String> signingKeys) {
        this.signingKeys = signingKeys;
    }

    /**
     * Builds the consumer of completion records ({@code notify.batches.completed}) for the callback sender: client id
     * {@code <clientId>-callbacks}, in the group {@link #getGroupId()}, {@code read_committed}, no auto commit, from
     * the earliest offset, at most 50 records per poll; string keys, byte-array (JSON) values.
     *
     * @param kafka the {@code kafka} configuration block
     * @return a new consumer; the caller closes it
     */
    public Consumer<String, byte[]> buildConsumer(KafkaFactory kafka) {
        return kafka.buildConsumer("callbacks", Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50));
    }

    /**
     * Builds the consumer of the status callback batcher's POSTs ({@code notify.status-callbacks}): as
     * {@link #buildConsumer(KafkaFactory)}, client id {@code <clientId>-status-callbacks}, group
     * {@code <groupId>-status}.
     *
     * @param kafka the {@code kafka} configuration block
     * @return a new consumer; the caller closes it
     */
    public Consumer<String, byte[]> buildStatusCallbackConsumer(KafkaFactory kafka) {
        return kafka.buildConsumer("status-callbacks", Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId + "-status",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50));
    }

    /**
     * Builds the status callback batcher ({@link StatusCallbackBatcher}): it reads {@code notify.status} in the group
     * {@code <groupId>-status-batcher} ({@code read_committed}, client id {@code <clientId>-status-batcher}; a new
     * group starts at the end, not at the history of every status before the feature existed), reads
     * {@code notify.status-callback-targets} whole, and writes {@code notify.status-callbacks} with a JSON producer.
     *
     * @param kafka the {@code kafka} configuration block
     * @param json the mapper that writes the POSTs' JSON
     * @return the batcher, not started
     */
    public StatusCallbackBatcher buildStatusCallbackBatcher(KafkaFactory kafka, ObjectMapper json) {
        // A new group starts at the end of notify.status: events older than the first target have none.
        Consumer<String, byte[]> statuses = kafka.buildConsumer("status-batcher", Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId + "-status-batcher",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        Consumer<String, byte[]> targets = kafka.buildConsumer("status-callback-targets", Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        Producer<String, byte[]> producer = new KafkaProducer<>(kafka.jsonProducerConfig("status-callbacks"));
        return new StatusCallbackBatcher(statuses, targets, producer,
                HeraldSerdes.valueSerde(DeliveryStatus.class, kafka.getRegistryUrl()).deserializer(),
                HeraldSerdes.valueSerde(StatusCallbackTarget.class, kafka.getRegistryUrl()).deserializer(), json,
                Clock.systemUTC());
    }

    @JsonProperty
    public String getGroupId() {
        return groupId;
    }

    @JsonProperty
    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @JsonProperty
    public int getMaxAttempts() {
        return maxAttempts;
    }

    @JsonProperty
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    @JsonProperty
    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    @JsonProperty
    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    @JsonProperty
    public boolean isAllowHttp() {
        return allowHttp;
    }

    @JsonProperty
    public void setAllowHttp(boolean allowHttp) {
        this.allowHttp = allowHttp;
    }

    @JsonProperty
    public List<String> getAllowedNetworks() {
        return allowedNetworks;
    }

    @JsonProperty
    public void setAllowedNetworks(List<String> allowedNetworks) {
        this.allowedNetworks = allowedNetworks;
    }

    @JsonProperty
    public Map<String, List<String>> getAllowedHosts() {
        return allowedHosts;
    }

    @JsonProperty
    public void setAllowedHosts(Map<String, List<String>> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    @JsonProperty
    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    @JsonProperty
    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    @JsonProperty
    public int getThreads() {
        return threads;
    }

    @JsonProperty
    public void setThreads(int threads) {
        this.threads = threads;
    }

    @JsonProperty
    public int getMaxConcurrentPerClient() {
        return maxConcurrentPerClient;
    }

    @JsonProperty
    public void setMaxConcurrentPerClient(int maxConcurrentPerClient) {
        this.maxConcurrentPerClient = maxConcurrentPerClient;
    }

    @JsonProperty
    public int getMaxPending() {
        return maxPending;
    }

    @JsonProperty
    public void setMaxPending(int maxPending) {
        this.maxPending = maxPending;
    }

    @JsonProperty
    public int getMaxPendingPerClient() {
        return maxPendingPerClient;
    }

    @JsonProperty
    public void setMaxPendingPerClient(int maxPendingPerClient) {
        this.maxPendingPerClient = maxPendingPerClient;
    }
}
