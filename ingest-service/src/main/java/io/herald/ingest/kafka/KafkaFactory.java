package io.herald.ingest.kafka;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.herald.schema.HeraldSerdes;
import io.herald.schema.TopicSetup;
import io.herald.schema.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;


/**
 * The {@code kafka} block of the ingest configuration: where the cluster and the schema registry are, and how the
 * producers, consumers and admin client behave. Builds them generically: the features (templates, suppressions,
 * idempotency keys, callbacks, Streams apps) name their clients' roles and add their own settings.
 *
 * <table>
 *   <caption>Keys of {@code kafka}</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code bootstrapServers}</td><td>{@code 127.0.0.1:9092}</td>
 *       <td>Kafka {@code bootstrap.servers}: comma-separated {@code host:port} list.</td></tr>
 *   <tr><td>{@code registryUrl}</td><td>{@code http://127.0.0.1:8085}</td>
 *       <td>Base URL of the Apicurio registry (the serde appends {@code /apis/registry/v2}).</td></tr>
 *   <tr><td>{@code requestsPartitions}</td><td>12</td>
 *       <td>Partitions of {@code notify.requests} when this service creates it. Never changes an existing
 *       topic.</td></tr>
 *   <tr><td>{@code statusPartitions}</td><td>6</td>
 *       <td>Partitions of {@code notify.status} and {@code notify.requests.dlq} when created.</td></tr>
 *   <tr><td>{@code replicationFactor}</td><td>1</td><td>Replication factor of the topics this service creates, its
 *       Kafka Streams applications' internal topics included; use 3 in production.</td></tr>
 *   <tr><td>{@code minInsyncReplicas}</td><td>0 (replicationFactor − 1, at least 1)</td><td>{@code min.insync.replicas}
 *       of those topics: replicas that must have a record before an {@code acks=all} write is acknowledged; 1 to
 *       {@code replicationFactor}.</td></tr>
 *   <tr><td>{@code createTopics}</td><td>true</td><td>Create missing Herald topics at startup
 *       ({@code TopicSetup.ensureTopics}); startup fails if Kafka does not answer within
 *       {@code startupTimeout}.</td></tr>
 *   <tr><td>{@code startupTimeout}</td><td>30s</td><td>How long topic creation at startup may wait for Kafka.</td></tr>
 *   <tr><td>{@code maxBlock}</td><td>5s</td><td>Producer {@code max.block.ms}: how long a send may wait for
 *       metadata or buffer space, and how long a batch waits for its next acknowledgement (at least 100 ms), before
 *       it fails with 503. So with Kafka down, a batch gets its 503 within about this long.</td></tr>
 *   <tr><td>{@code deliveryTimeout}</td><td>30s</td><td>Producer {@code delivery.timeout.ms}: the upper bound for
 *       Kafka to acknowledge a record, retries included. A batch that keeps being acknowledged waits at most this
 *       long plus 5 s for all of them, then fails with 503.</td></tr>
 *   <tr><td>{@code templateSyncTimeout}</td><td>10s</td><td>How long a template write ({@code PUT} or {@code DELETE
 *       /v1/templates/{id}}), once Kafka acknowledged it, waits for this instance's template reader to read it back
 *       (read-your-writes) before it answers 503.</td></tr>
 *   <tr><td>{@code healthCheckTimeout}</td><td>2s</td><td>How long the {@code kafka} health check waits for the
 *       cluster.</td></tr>
 *   <tr><td>{@code clientId}</td><td>{@code herald-ingest}</td><td>Kafka {@code client.id} of the producer; the
 *       admin client uses it with {@code -admin} appended.</td></tr>
 *   <tr><td>{@code properties}</td><td>empty</td><td>Any other Kafka client property, passed verbatim to the
 *       producer and (the keys an admin client knows) to the admin client: {@code security.protocol}, {@code sasl.*},
 *       {@code ssl.*}, {@code linger.ms}, {@code compression.type}, … Also {@code apicurio.registry.*} serde
 *       properties (e.g. registry authentication). The keys this class sets itself ({@code bootstrap.servers},
 *       {@code acks}, {@code enable.idempotence}, {@code max.block.ms}, {@code delivery.timeout.ms}, the
 *       serializers) are refused.</td></tr>
 * </table>
 *
 * <p>The producer always runs with {@code acks=all} and {@code enable.idempotence=true}. Unless set in
 * {@code properties}, it uses {@code linger.ms=5}, {@code compression.type=lz4} and {@code request.timeout.ms} =
 * min(30 s, {@code deliveryTimeout} − {@code linger.ms}), as Kafka requires
 * {@code delivery.timeout.ms >= linger.ms + request.timeout.ms}.
 */
public class KafkaFactory {

    /** The properties this class sets and {@code properties} may not. */
    static final Set<String> MANAGED_KEYS = Set.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    private static final long DEFAULT_LINGER_MS = 5;
    private static final long MAX_REQUEST_TIMEOUT_MS = 30_000;
    private static final long MIN_ACK_TIMEOUT_MS = 100;

    @NotEmpty
    private String bootstrapServers = "127.0.0.1:9092";

    @NotEmpty
    private String registryUrl = "http://127.0.0.1:8085";

    @Min(1)
    private int requestsPartitions = Topics.DEFAULT_REQUESTS_PARTITIONS;

    @Min(1)
    private int statusPartitions = Topics.DEFAULT_STATUS_PARTITIONS;

    @Min(1)
    @Max(Short.MAX_VALUE)
    private int replicationFactor = 1;

    @Min(0)
    @Max(Short.MAX_VALUE)
    private int minInsyncReplicas;

    private boolean createTopics = true;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration startupTimeout = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    private Duration maxBlock = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration deliveryTimeout = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration templateSyncTimeout = Duration.seconds(10);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration healthCheckTimeout = Duration.seconds(2);

    @NotEmpty
    private String clientId = "herald-ingest";

    @NotNull
    private Map<String, String> properties = new LinkedHashMap<>();

    /**
     * Builds the producer of Herald's Avro records: {@code NotificationRequest} values keyed by recipient, and
     * {@code BatchIntake} values keyed by batchId.
     *
     * @return a new producer; the caller closes it
     * @throws org.apache.kafka.common.KafkaException if the resulting configuration is invalid
     */
    public Producer<String, SpecificRecord> buildProducer() {
        return new KafkaProducer<>(producerConfig());
    }

    /**
     * Builds a producer of string keys and byte-array (JSON) values with {@link #jsonProducerConfig(String)}, then
     * {@code overrides}: the writers of Herald's compacted topics (templates, suppressions, idempotency keys).
     *
     * @param role what the producer writes, for its client id {@code <clientId>-<role>}, e.g. {@code templates}
     * @param overrides further producer settings, e.g. {@code compression.type}; may be empty
     * @return a new producer; the caller closes it
     * @throws org.apache.kafka.common.KafkaException if the resulting configuration is invalid
     */
    public Producer<String, byte[]> buildJsonProducer(String role, Map<String, Object> overrides) {
        Map<String, Object> config = jsonProducerConfig(role);
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    /**
     * A JSON producer's configuration: {@link #producerConfig()} ({@code acks=all}, idempotence, the security
     * settings) without the {@code apicurio.*} keys, with string and byte-array serializers, {@code linger.ms=0} (one
     * record at a time) and client id {@code <clientId>-<role>}.
     *
     * @param role what the producer writes, e.g. {@code templates}
     * @return a new mutable map
     */
    public Map<String, Object> jsonProducerConfig(String role) {
        Map<String, Object> config = producerConfig();
        config.keySet().removeIf(key -> key.startsWith("apicurio."));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-" + role);
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * Builds a consumer with {@link #consumerConfig(String)}, then {@code overrides}.
     *
     * @param role what the consumer reads, for its client id {@code <clientId>-<role>}, e.g. {@code templates-reader}
     * @param overrides further consumer settings (a group id, a key deserializer, …); may be empty
     * @param <K> the key type, as the key deserializer (string unless overridden) makes it
     * @return a new consumer; the caller closes it
     * @throws org.apache.kafka.common.KafkaException if the resulting configuration is invalid
     */
    public <K> Consumer<K, byte[]> buildConsumer(String role, Map<String, Object> overrides) {
        Map<String, Object> config = consumerConfig(role);
        config.putAll(overrides);
        return new KafkaConsumer<>(config);
    }

    /**
     * A consumer's configuration: the keys of {@link #getProperties()} that a consumer knows (security,
     * timeouts…), then the bootstrap servers, client id {@code <clientId>-<role>}, no group id, no auto commit, from
     * the earliest offset, string and byte-array deserializers: a reader of a topic read whole, unless a group is
     * added.
     *
     * @param role what the consumer reads, e.g. {@code templates-reader}
     * @return a new mutable map
     */
    public Map<String, Object> consumerConfig(String role) {
        Map<String, Object> config = passThrough(ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + role);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /**
     * @return how long a write waits for Kafka's next acknowledgement before it gives up (a 503): {@code maxBlock},
     *     at least 100 ms. A batch that keeps being acknowledged may take longer, up to {@code deliveryTimeout}.
     */
    @JsonIgnore
    public java.time.Duration ackTimeout() {
        return java.time.Duration.ofMillis(Math.max(MIN_ACK_TIMEOUT_MS, maxBlock.toMilliseconds()));
    }

    /**
     * Builds an admin client for topic creation and the health check.
     *
     * @return a new admin client; the caller closes it
     */
    public Admin buildAdmin() {
        return Admin.create(adminConfig());
    }

    /**
     * The producer's configuration: defaults, then {@link #getProperties()}, then the serde settings and the keys this
     * class manages.
     *
     * @return a new mutable map
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(DEFAULT_LINGER_MS));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(properties);
        if (!properties.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
            long lingerMs = Long.parseLong(config.get(ProducerConfig.LINGER_MS_CONFIG).toString().trim());
            long requestTimeoutMs = Math.min(MAX_REQUEST_TIMEOUT_MS, deliveryTimeout.toMilliseconds() - lingerMs);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1, requestTimeoutMs)));
        }
        config.putAll(HeraldSerdes.producerSerdeConfig(registryUrl));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMilliseconds()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMilliseconds()));
        return config;
    }

    /**
     * @param knownKeys the configuration keys a kind of client knows
     * @return the keys of {@link #getProperties()} among them, or starting with {@code sasl.} or {@code ssl.}, in a new
     *     mutable map
     */
    private Map<String, Object> passThrough(Set<String> knownKeys) {
        Map<String, Object> config = new HashMap<>();
        properties.forEach((key, value) -> {
            if (knownKeys.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        return config;
    }

    /**
     * The admin client's configuration: the keys of {@link #getProperties()} that an admin client knows (security,
     * timeouts…), then the bootstrap servers and client id.
     *
     * @return a new mutable map
     */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = passThrough(AdminClientConfig.configNames());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        return config;
    }

    /** @return whether {@code properties} leaves the managed keys alone (a startup check) */
    @JsonIgnore
    @ValidationMethod(message = "must not set bootstrap.servers, acks, enable.idempotence, max.block.ms,"
            + " delivery.timeout.ms, key.serializer or value.serializer in kafka.properties: use the kafka.* keys")
    public boolean isPropertiesFreeOfManagedKeys() {
        return properties == null || overriddenManagedKeys().isEmpty();
    }

    /** @return the managed keys that {@code properties} sets, sorted; empty if none */
    @JsonIgnore
    Set<String> overriddenManagedKeys() {
        Set<String> keys = new TreeSet<>(properties.keySet());
        keys.retainAll(MANAGED_KEYS);
        return keys;
    }

    @JsonProperty
    public String getBootstrapServers() {
        return bootstrapServers;
    }

    @JsonProperty
    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @JsonProperty
    public String getRegistryUrl() {
        return registryUrl;
    }

    @JsonProperty
    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    @JsonProperty
    public int getRequestsPartitions() {
        return requestsPartitions;
    }

    @JsonProperty
    public void setRequestsPartitions(int requestsPartitions) {
        this.requestsPartitions = requestsPartitions;
    }

    @JsonProperty
    public int getStatusPartitions() {
        return statusPartitions;
    }

    @JsonProperty
    public void setStatusPartitions(int statusPartitions) {
        this.statusPartitions = statusPartitions;
    }

    @JsonProperty
    public int getReplicationFactor() {
        return replicationFactor;
    }

    @JsonProperty
    public void setReplicationFactor(int replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    @JsonProperty
    public int getMinInsyncReplicas() {
        return minInsyncReplicas;
    }

    @JsonProperty
    public void setMinInsyncReplicas(int minInsyncReplicas) {
        this.minInsyncReplicas = minInsyncReplicas;
    }

    /** @return whether {@code minInsyncReplicas} is 0 (derived) or at most {@code replicationFactor} (startup check) */
    @ValidationMethod(message = "kafka.minInsyncReplicas must be 0 (replicationFactor - 1) or 1 to replicationFactor")
    @JsonIgnore
    public boolean isMinInsyncReplicasInRange() {
        return minInsyncReplicas <= replicationFactor;
    }

    /**
     * @return replication factor and {@code min.insync.replicas} of the topics this service creates (and of its
     *     Streams applications' internal topics)
     */
    @JsonIgnore
    public TopicSetup.Durability durability() {
        return minInsyncReplicas == 0 ? TopicSetup.Durability.of(replicationFactor)
                : new TopicSetup.Durability((short) replicationFactor, minInsyncReplicas);
    }

    @JsonProperty
    public boolean isCreateTopics() {
        return createTopics;
    }

    @JsonProperty
    public void setCreateTopics(boolean createTopics) {
        this.createTopics = createTopics;
    }

    @JsonProperty
    public Duration getStartupTimeout() {
        return startupTimeout;
    }

    @JsonProperty
    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    @JsonProperty
    public Duration getMaxBlock() {
        return maxBlock;
    }

    @JsonProperty
    public void setMaxBlock(Duration maxBlock) {
        this.maxBlock = maxBlock;
    }

    @JsonProperty
    public Duration getDeliveryTimeout() {
        return deliveryTimeout;
    }

    @JsonProperty
    public void setDeliveryTimeout(Duration deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    @JsonProperty
    public Duration getTemplateSyncTimeout() {
        return templateSyncTimeout;
    }

    @JsonProperty
    public void setTemplateSyncTimeout(Duration templateSyncTimeout) {
        this.templateSyncTimeout = templateSyncTimeout;
    }

    @JsonProperty
    public Duration getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    @JsonProperty
    public void setHealthCheckTimeout(Duration healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    @JsonProperty
    public String getClientId() {
        return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    @JsonProperty
    public Map<String, String> getProperties() {
        return properties;
    }

    @JsonProperty
    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }
}
