package io.herald.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.auth.AuthFactory;
import io.herald.ingest.callback.CallbackFactory;
import io.herald.ingest.core.BatchLimits;
import io.herald.ingest.core.CallbackKeys;
import io.herald.ingest.idempotency.IdempotencyFactory;
import io.herald.ingest.kafka.KafkaFactory;
import io.herald.ingest.kafka.StreamsFactory;
import io.herald.ingest.pricing.PricingFactory;
import io.herald.schema.Channel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service's configuration (YAML, see {@code ingest-service/config.yml}). Every value can be overridden
 * with a {@code -Ddw.<path>=<value>} system property, e.g. {@code -Ddw.kafka.bootstrapServers=127.0.0.1:19092}, and
 * the YAML may read environment variables, e.g. {@code ${HERALD_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}}.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code defaultRegion}</td><td>{@code NO}</td><td>ISO-3166-1 alpha-2 region of national phone numbers
 *       (numbers without {@code +} or {@code 00}); must be a region libphonenumber knows.</td></tr>
 *   <tr><td>{@code maxRecipientsPerBatch}</td><td>100000</td><td>The most recipients one batch may have; more is a
 *       400.</td></tr>
 *   <tr><td>{@code maxTextLength}</td><td>1600</td><td>The most characters (Unicode code points) a rendered text may
 *       have: 1600 is about ten concatenated GSM 7-bit segments (153 septets each, 3GPP TS 23.040 §9.2.3.24.1).
 *       Longer renderings reject the recipient.</td></tr>
 *   <tr><td>{@code maxSegments}</td><td>6</td><td>The most SMS segments (submit_sm PDUs) a rendered text may take,
 *       1–255, counted as the dispatcher splits it: GSM 7-bit 160 septets alone or 153 per part, UCS-2 70 or 67
 *       UTF-16 units (3GPP TS 23.038, TS 23.040 §9.2.3.24.1). More rejects the recipient with pointer
 *       {@code /text}.</td></tr>
 *   <tr><td>{@code channels}</td><td>{@code [sms, email]}</td><td>The channels this service takes batches for, of
 *       {@code sms}, {@code email} and {@code push}; a batch of another is a 400 with pointer {@code /channel}. Push
 *       is off by default: list it once the dispatchers have an {@code apns} or {@code fcm} gateway
 *       (docs/push.md).</td></tr>
 *   <tr><td>{@code maxEmailBodyLength}</td><td>100000</td><td>The most characters (Unicode code points) an e-mail's
 *       rendered text or HTML body may have, each; longer renderings reject the recipient. (The subject has at most
 *       998, a header line's limit.)</td></tr>
 *   <tr><td>{@code maxRenderedCharsPerBatch}</td><td>33554432</td><td>The most UTF-16 chars the accepted
 *       recipients' rendered texts, subjects and HTML bodies of one batch may have together (32 to 64 MiB of heap as
 *       Java strings); more is a 413 {@code payload-too-large}, found while rendering, nothing written. Rendering a
 *       recipient also stops as soon as its text passes its own limit.</td></tr>
 *   <tr><td>{@code maxScheduleAhead}</td><td>30 days</td><td>How far ahead a batch's {@code sendAt} may be; further
 *       is a 400 with pointer {@code /sendAt}. A {@code sendAt} in the past sends at once.</td></tr>
 *   <tr><td>{@code maxRequestSize}</td><td>32 MiB</td><td>The largest request body; larger is a 413, checked on
 *       {@code Content-Length} before reading and on the bytes read for a chunked body.</td></tr>
 *   <tr><td>{@code maxInFlightBytes}</td><td>128 MiB</td><td>The most bytes held at once over all requests in
 *       progress: their bodies, and the batches' rendered output (2 bytes per rendered char, taken while rendering and
 *       held until Kafka acknowledged the records). A request that does not fit gets a 503 {@code ingest-busy} with
 *       {@code Retry-After} at once; set it to about a quarter of the heap divided by 4.</td></tr>
 *   <tr><td>{@code maxTemplatesPerClient}</td><td>1000</td><td>The most named templates one client may have; a
 *       {@code PUT} that would create one more is a 429 {@code limit-reached}. Each is at most {@code maxTextLength}
 *       characters outside its placeholders, so every ingest instance holds at most clients × this many.</td></tr>
 *   <tr><td>{@code maxSuppressionsPerClient}</td><td>1000000</td><td>The most suppression entries one client may have
 *       ({@code PUT /v1/suppressions/{recipient}} for a recipient it has none for is a 429 {@code limit-reached}
 *       beyond). Counted as this instance has read the list, so clients racing several instances may pass it by the
 *       writes of about a second. Shared entries (MO STOP, operator) count against no client.</td></tr>
 *   <tr><td>{@code retryAfter}</td><td>5s</td><td>The {@code Retry-After} (whole seconds) of a 503 answer when Kafka
 *       did not acknowledge a batch.</td></tr>
 *   <tr><td>{@code kafka.bootstrapServers}</td><td>{@code 127.0.0.1:9092}</td><td>Kafka
 *   {@code bootstrap.servers}.</td></tr> <tr><td>{@code kafka.registryUrl}</td><td>{@code http://127.0.0.1:8085}</td><td>Apicurio registry base URL.</td></tr>
 *   <tr><td>{@code kafka.requestsPartitions}</td><td>12</td><td>Partitions of {@code notify.requests} if
 *   created.</td></tr> <tr><td>{@code kafka.statusPartitions}</td><td>6</td><td>Partitions of {@code notify.status} and
 *       {@code notify.requests.dlq} if created.</td></tr>
 *   <tr><td>{@code kafka.replicationFactor}</td><td>1</td><td>Replication factor of created topics.</td></tr>
 *   <tr><td>{@code kafka.createTopics}</td><td>true</td><td>Create missing topics at startup.</td></tr>
 *   <tr><td>{@code kafka.startupTimeout}</td><td>30s</td><td>How long topic creation may wait for Kafka.</td></tr>
 *   <tr><td>{@code kafka.maxBlock}</td><td>5s</td><td>Producer {@code max.block.ms}, and how long a batch waits for
 *       its next acknowledgement before its 503.</td></tr>
 *   <tr><td>{@code kafka.deliveryTimeout}</td><td>30s</td><td>Producer {@code delivery.timeout.ms}; a batch that
 *       keeps being acknowledged waits at most this plus 5 s for all of them.</td></tr>
 *   <tr><td>{@code kafka.healthCheckTimeout}</td><td>2s</td><td>Timeout of the {@code kafka} health check.</td></tr>
 *   <tr><td>{@code kafka.clientId}</td><td>{@code herald-ingest}</td><td>Kafka {@code client.id}.</td></tr>
 *   <tr><td>{@code kafka.properties}</td><td>empty</td><td>Other Kafka client and {@code apicurio.registry.*}
 *       properties, verbatim; see {@link KafkaFactory}.</td></tr>
 *   <tr><td>{@code auth.*}</td><td></td><td>API clients: their key hashes and quotas; see
 *   {@link AuthFactory}.</td></tr> <tr><td>{@code streams.*}</td><td></td><td>The Kafka Streams applications (status
 *       view, bulk loader); see {@link StreamsFactory}.</td></tr>
 *   <tr><td>{@code idempotency.*}</td><td></td><td>{@code Idempotency-Key}: its retention and claim timeout; see
 *       {@link IdempotencyFactory}.</td></tr>
 *   <tr><td>{@code callbacks.*}</td><td></td><td>Completion callbacks and their HMAC-SHA256 signing keys; see
 *       {@link CallbackFactory}.</td></tr>
 *   <tr><td>{@code server.*}, {@code logging.*}, {@code metrics.*}</td><td>Dropwizard's</td><td>Dropwizard's
 *       {@code DefaultServerFactory} (application port 8080, admin port 8081), except that
 *       {@code server.registerDefaultExceptionMappers} is always false: this service maps every error to
 *       {@code application/problem+json} itself.</td></tr>
 * </table>
 */
public class IngestConfiguration extends Configuration {

    @NotNull
    @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO-3166-1 alpha-2 code, e.g. NO")
    private String defaultRegion = "NO";

    @Min(1)
    private int maxRecipientsPerBatch = 100_000;

    @Min(1)
    private int maxTextLength = 1600;

    @Min(1)
    @Max(BatchLimits.MAX_SEGMENTS_LIMIT)
    private int maxSegments = BatchLimits.DEFAULT_MAX_SEGMENTS;

    @Min(1)
    private int maxEmailBodyLength = BatchLimits.DEFAULT_MAX_EMAIL_BODY_LENGTH;

    @NotNull
    private Set<String> channels = new LinkedHashSet<>(List.of(BatchRequest.CHANNEL_SMS, BatchRequest.CHANNEL_EMAIL));

    @Min(1)
    private long maxRenderedCharsPerBatch = BatchLimits.DEFAULT_MAX_RENDERED_CHARS;

    @Min(0)
    private int maxTemplatesPerClient = 1000;

    @Min(0)
    private int maxSuppressionsPerClient = 1_000_000;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration maxScheduleAhead = Duration.days(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration retryAfter = Duration.seconds(5);

    @NotNull
    @MinDataSize(1024)
    private DataSize maxRequestSize = DataSize.mebibytes(32);

    @NotNull
    @MinDataSize(1024)
    private DataSize maxInFlightBytes = DataSize.mebibytes(128);

    @Valid
    @NotNull
    private KafkaFactory kafka = new KafkaFactory();

    @Valid
    @NotNull
    private AuthFactory auth = new AuthFactory();

    @Valid
    @NotNull
    private StreamsFactory streams = new StreamsFactory();

    @Valid
    @NotNull
    private CallbackFactory callbacks = new CallbackFactory();

    @Valid
    @NotNull
    private IdempotencyFactory idempotency = new IdempotencyFactory();

    @Valid
    @NotNull
    private PricingFactory pricing = new PricingFactory();

    /** @return segment prices per country, for the dry run's estimated cost */
    @JsonProperty
    public PricingFactory getPricing() {
        return pricing;
    }

    @JsonProperty
    public void setPricing(PricingFactory pricing) {
        this.pricing = pricing;
    }

    /** Starts from Dropwizard's default server, without its exception mappers (ours write problem+json). */
    public IngestConfiguration() {
        DefaultServerFactory server = new DefaultServerFactory();
        server.setRegisterDefaultExceptionMappers(false);
        setServerFactory(server);
    }

    /** @return whether libphonenumber knows {@code defaultRegion} (a startup check) */
    @JsonIgnore
    @ValidationMethod(message = "defaultRegion is not a region libphonenumber knows")
    public boolean isDefaultRegionKnown() {
        return defaultRegion == null
                || PhoneNumberUtil.getInstance().getSupportedRegions().contains(defaultRegion.toUpperCase(Locale.ROOT));
    }

    @JsonProperty
    public String getDefaultRegion() {
        return defaultRegion;
    }

    @JsonProperty
    public void setDefaultRegion(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @JsonProperty
    public int getMaxRecipientsPerBatch() {
        return maxRecipientsPerBatch;
    }

    @JsonProperty
    public void setMaxRecipientsPerBatch(int maxRecipientsPerBatch) {
        this.maxRecipientsPerBatch = maxRecipientsPerBatch;
    }

    @JsonProperty
    public int getMaxTextLength() {
        return maxTextLength;
    }

    @JsonProperty
    public void setMaxTextLength(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    @JsonProperty
    public int getMaxSegments() {
        return maxSegments;
    }

    @JsonProperty
    public void setMaxSegments(int maxSegments) {
        this.maxSegments = maxSegments;
    }

    /** @return the most named templates one client may have */
    @JsonProperty
    public int getMaxTemplatesPerClient() {
        return maxTemplatesPerClient;
    }

    @JsonProperty
    public void setMaxTemplatesPerClient(int maxTemplatesPerClient) {
        this.maxTemplatesPerClient = maxTemplatesPerClient;
    }

    /** @return the most suppression entries one client may have */
    @JsonProperty
    public int getMaxSuppressionsPerClient() {
        return maxSuppressionsPerClient;
    }

    @JsonProperty
    public void setMaxSuppressionsPerClient(int maxSuppressionsPerClient) {
        this.maxSuppressionsPerClient = maxSuppressionsPerClient;
    }

    /** @return the most characters an e-mail's rendered text or HTML body may have, each */
    @JsonProperty
    public int getMaxEmailBodyLength() {
        return maxEmailBodyLength;
    }

    @JsonProperty
    public void setMaxEmailBodyLength(int maxEmailBodyLength) {
        this.maxEmailBodyLength = maxEmailBodyLength;
    }

    @JsonProperty
    public Set<String> getChannels() {
        return channels;
    }

    @JsonProperty
    public void setChannels(Set<String> channels) {
        this.channels = channels;
    }

    /** @return {@code channels} as channels; empty if it names one that is not {@code sms}, {@code email} or push */
    @JsonIgnore
    public Set<Channel> channelSet() {
        Set<Channel> set = EnumSet.noneOf(Channel.class);
        for (String name : channels) {
            Channel channel = BatchRequest.channelNamed(name);
            if (channel == null) {
                return EnumSet.noneOf(Channel.class);
            }
            set.add(channel);
        }
        return set;
    }

    /** @return whether {@code channels} names at least one channel and no unknown one (a startup check) */
    @JsonIgnore
    @ValidationMethod(message = "channels must list at least one of sms, email and push, and no other")
    public boolean isChannelsValid() {
        return channels != null && !channelSet().isEmpty();
    }

    @JsonProperty
    public long getMaxRenderedCharsPerBatch() {
        return maxRenderedCharsPerBatch;
    }

    @JsonProperty
    public void setMaxRenderedCharsPerBatch(long maxRenderedCharsPerBatch) {
        this.maxRenderedCharsPerBatch = maxRenderedCharsPerBatch;
    }

    @JsonProperty
    public Duration getMaxScheduleAhead() {
        return maxScheduleAhead;
    }

    @JsonProperty
    public void setMaxScheduleAhead(Duration maxScheduleAhead) {
        this.maxScheduleAhead = maxScheduleAhead;
    }

    @JsonProperty
    public Duration getRetryAfter() {
        return retryAfter;
    }

    @JsonProperty
    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /** @return the largest request body */
    @JsonProperty
    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    @JsonProperty
    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    /** @return the most request body bytes held at once */
    @JsonProperty
    public DataSize getMaxInFlightBytes() {
        return maxInFlightBytes;
    }

    @JsonProperty
    public void setMaxInFlightBytes(DataSize maxInFlightBytes) {
        this.maxInFlightBytes = maxInFlightBytes;
    }

    @JsonProperty
    public KafkaFactory getKafka() {
        return kafka;
    }

    @JsonProperty
    public void setKafka(KafkaFactory kafka) {
        this.kafka = kafka;
    }

    /** @return the {@code auth:} section: the API clients, their key hashes and quotas */
    @JsonProperty
    public AuthFactory getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(AuthFactory auth) {
        this.auth = auth;
    }

    /** @return the {@code streams:} section: the status view and the bulk loader */
    @JsonProperty
    public StreamsFactory getStreams() {
        return streams;
    }

    @JsonProperty
    public void setStreams(StreamsFactory streams) {
        this.streams = streams;
    }

    /** @return the {@code callbacks:} section: completion callbacks and their signing keys */
    @JsonProperty
    public CallbackFactory getCallbacks() {
        return callbacks;
    }

    @JsonProperty
    public void setCallbacks(CallbackFactory callbacks) {
        this.callbacks = callbacks;
    }

    /** @return the {@code idempotency:} section */
    @JsonProperty
    public IdempotencyFactory getIdempotency() {
        return idempotency;
    }

    /** @param idempotency the {@code idempotency:} section */
    @JsonProperty
    public void setIdempotency(IdempotencyFactory idempotency) {
        this.idempotency = idempotency;
    }

    /** @return whether every callback signing key is long enough (a startup check) */
    @JsonIgnore
    @ValidationMethod(message = "callbacks.signingKeys: every key must have at least 32 bytes (or be empty: none)")
    public boolean isCallbackKeysLongEnough() {
        try {
            new CallbackKeys(callbacks.getSigningKeys());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
