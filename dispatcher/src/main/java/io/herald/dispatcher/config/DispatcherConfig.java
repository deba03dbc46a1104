package io.herald.dispatcher.config;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import com.fasterxml.jackson.core.JsonPointer;
import io.herald.dispatcher.send.RecordSender;
import io.herald.schema.TopicSetup;
import io.herald.serde.SkipPoisonRecordsHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;


/**
 * The dispatcher's configuration, in the style of Kafka's {@link ConsumerConfig}: every key has a {@code *_CONFIG}
 * name, a {@code *_DOC} sentence, a {@code DEFAULT_*} value (unless it is required) and a validator; the unit is part of
 * the key.
 *
 * <p>Sources, later ones winning: the {@code .properties} file given as the program's only argument, then environment
 * variables {@code HERALD_DISPATCHER_<KEY>} (the key upper-cased, dots and dashes turned into underscores, e.g.
 * {@code HERALD_DISPATCHER_SMPP_HOST} for {@code smpp.host}). An environment variable that names no key of the table
 * below but starts with {@code KAFKA_}, {@code CONSUMER_}, {@code PRODUCER_} or {@code STREAMS_} is a pass-through key, lower-cased with
 * underscores turned into dots ({@code HERALD_DISPATCHER_KAFKA_SECURITY_PROTOCOL} is
 * {@code kafka.security.protocol}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@value #BOOTSTRAP_SERVERS_CONFIG}</td><td>(required)</td><td>{@value #BOOTSTRAP_SERVERS_DOC}</td></tr>
 *   <tr><td>{@value #REGISTRY_URL_CONFIG}</td><td>(required)</td><td>{@value #REGISTRY_URL_DOC}</td></tr>
 *   <tr><td>{@value #GROUP_ID_CONFIG}</td><td>{@value #DEFAULT_GROUP_ID}</td><td>{@value #GROUP_ID_DOC}</td></tr>
 *   <tr><td>{@value #INSTANCE_ID_CONFIG}</td><td>hostname-pid</td><td>{@value #INSTANCE_ID_DOC}</td></tr>
 *   <tr><td>{@value #GROUP_INSTANCE_ID_CONFIG}</td><td>(empty)</td><td>{@value #GROUP_INSTANCE_ID_DOC}</td></tr>
 *   <tr><td>{@value #SENDER_THREADS_CONFIG}</td><td>{@value #DEFAULT_SENDER_THREADS}</td>
 *       <td>{@value #SENDER_THREADS_DOC}</td></tr>
 *   <tr><td>{@value #MAX_IN_FLIGHT_CONFIG}</td><td>{@value #DEFAULT_MAX_IN_FLIGHT}</td>
 *       <td>{@value #MAX_IN_FLIGHT_DOC}</td></tr>
 *   <tr><td>{@value #ORDERING_CONFIG}</td><td>{@value #DEFAULT_ORDERING}</td><td>{@value #ORDERING_DOC}</td></tr>
 *   <tr><td>{@value #ORDERING_MAX_UNACKNOWLEDGED_CONFIG}</td><td>{@value #DEFAULT_ORDERING_MAX_UNACKNOWLEDGED}</td>
 *       <td>{@value #ORDERING_MAX_UNACKNOWLEDGED_DOC}</td></tr>
 *   <tr><td>{@value #COMMIT_INTERVAL_MS_CONFIG}</td><td>{@value #DEFAULT_COMMIT_INTERVAL_MS}</td>
 *       <td>{@value #COMMIT_INTERVAL_MS_DOC}</td></tr>
 *   <tr><td>{@value #SHUTDOWN_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_SHUTDOWN_TIMEOUT_MS}</td>
 *       <td>{@value #SHUTDOWN_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #ADMIN_PORT_CONFIG}</td><td>{@value #DEFAULT_ADMIN_PORT}</td><td>{@value #ADMIN_PORT_DOC}</td></tr>
 *   <tr><td>{@value #ADMIN_HOST_CONFIG}</td><td>{@value #DEFAULT_ADMIN_HOST}</td><td>{@value #ADMIN_HOST_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_TYPE_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_TYPE}</td>
 *       <td>{@value #GATEWAY_TYPE_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAYS_CONFIG}</td><td>(empty)</td><td>{@value #GATEWAYS_DOC}</td></tr>
 *   <tr><td>{@value #ROUTES_CONFIG}</td><td>(empty)</td><td>{@value #ROUTES_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_HOST_CONFIG}</td><td>{@value #DEFAULT_SMPP_HOST}</td><td>{@value #SMPP_HOST_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_PORT_CONFIG}</td><td>{@value #DEFAULT_SMPP_PORT}</td><td>{@value #SMPP_PORT_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_SYSTEM_ID_CONFIG}</td><td>{@value #DEFAULT_SMPP_SYSTEM_ID}</td>
 *       <td>{@value #SMPP_SYSTEM_ID_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_PASSWORD_CONFIG}</td><td>{@value #DEFAULT_SMPP_PASSWORD}</td>
 *       <td>{@value #SMPP_PASSWORD_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_SYSTEM_TYPE_CONFIG}</td><td>(empty)</td><td>{@value #SMPP_SYSTEM_TYPE_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_WINDOW_SIZE_CONFIG}</td><td>{@value #DEFAULT_SMPP_WINDOW_SIZE}</td>
 *       <td>{@value #SMPP_WINDOW_SIZE_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_SESSIONS_CONFIG}</td><td>{@value #DEFAULT_SMPP_SESSIONS}</td>
 *       <td>{@value #SMPP_SESSIONS_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_PDU_PROCESSOR_THREADS_CONFIG}</td><td>{@value #DEFAULT_SMPP_PDU_PROCESSOR_THREADS}</td>
 *       <td>{@value #SMPP_PDU_PROCESSOR_THREADS_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG}</td><td>{@value #DEFAULT_SMPP_ENQUIRE_LINK_INTERVAL_MS}</td>
 *       <td>{@value #SMPP_ENQUIRE_LINK_INTERVAL_MS_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_REQUEST_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_SMPP_REQUEST_TIMEOUT_MS}</td>
 *       <td>{@value #SMPP_REQUEST_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_RECONNECT_BACKOFF_MS_CONFIG}</td><td>{@value #DEFAULT_SMPP_RECONNECT_BACKOFF_MS}</td>
 *       <td>{@value #SMPP_RECONNECT_BACKOFF_MS_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_REGISTERED_DELIVERY_CONFIG}</td><td>{@value #DEFAULT_SMPP_REGISTERED_DELIVERY}</td>
 *       <td>{@value #SMPP_REGISTERED_DELIVERY_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_HERALD_ID_TLV_CONFIG}</td><td>{@value #DEFAULT_SMPP_HERALD_ID_TLV}</td>
 *       <td>{@value #SMPP_HERALD_ID_TLV_DOC}</td></tr>
 *   <tr><td>{@value #SMPP_CONCATENATION_CONFIG}</td><td>{@value #DEFAULT_SMPP_CONCATENATION}</td>
 *       <td>{@value #SMPP_CONCATENATION_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_HOST_CONFIG}</td><td>{@value #DEFAULT_SMTP_HOST}</td><td>{@value #SMTP_HOST_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_PORT_CONFIG}</td><td>{@value #DEFAULT_SMTP_PORT}</td><td>{@value #SMTP_PORT_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_TLS_CONFIG}</td><td>{@value #DEFAULT_SMTP_TLS}</td><td>{@value #SMTP_TLS_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_SSL_TRUST_CONFIG}</td><td>(empty)</td><td>{@value #SMTP_SSL_TRUST_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_USERNAME_CONFIG}</td><td>(empty)</td><td>{@value #SMTP_USERNAME_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_PASSWORD_CONFIG}</td><td>(empty)</td><td>{@value #SMTP_PASSWORD_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_CONNECTIONS_CONFIG}</td><td>{@value #DEFAULT_SMTP_CONNECTIONS}</td>
 *       <td>{@value #SMTP_CONNECTIONS_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_CONNECT_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_SMTP_CONNECT_TIMEOUT_MS}</td>
 *       <td>{@value #SMTP_CONNECT_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_SMTP_TIMEOUT_MS}</td>
 *       <td>{@value #SMTP_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_ENVELOPE_FROM_CONFIG}</td><td>(empty)</td><td>{@value #SMTP_ENVELOPE_FROM_DOC}</td></tr>
 *   <tr><td>{@value #SMTP_HELO_NAME_CONFIG}</td><td>(empty)</td><td>{@value #SMTP_HELO_NAME_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_URL_CONFIG}</td><td>(empty; required when {@value #GATEWAY_TYPE_CONFIG}=http)</td>
 *       <td>{@value #HTTP_URL_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_AUTH_CONFIG}</td><td>{@value #DEFAULT_HTTP_AUTH}</td><td>{@value #HTTP_AUTH_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_BEARER_TOKEN_CONFIG}</td><td>(empty)</td><td>{@value #HTTP_BEARER_TOKEN_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_BASIC_USERNAME_CONFIG}</td><td>(empty)</td><td>{@value #HTTP_BASIC_USERNAME_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_BASIC_PASSWORD_CONFIG}</td><td>(empty)</td><td>{@value #HTTP_BASIC_PASSWORD_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_PROVIDER_ID_POINTER_CONFIG}</td><td>{@value #DEFAULT_HTTP_PROVIDER_ID_POINTER}</td>
 *       <td>{@value #HTTP_PROVIDER_ID_POINTER_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_CONNECT_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_HTTP_CONNECT_TIMEOUT_MS}</td>
 *       <td>{@value #HTTP_CONNECT_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #HTTP_REQUEST_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_HTTP_REQUEST_TIMEOUT_MS}</td>
 *       <td>{@value #HTTP_REQUEST_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #RETRY_INLINE_MAX_ATTEMPTS_CONFIG}</td><td>{@value #DEFAULT_RETRY_INLINE_MAX_ATTEMPTS}</td>
 *       <td>{@value #RETRY_INLINE_MAX_ATTEMPTS_DOC}</td></tr>
 *   <tr><td>{@value #RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG}</td><td>{@value #DEFAULT_RETRY_INLINE_BACKOFF_INITIAL_MS}</td>
 *       <td>{@value #RETRY_INLINE_BACKOFF_INITIAL_MS_DOC}</td></tr>
 *   <tr><td>{@value #RETRY_INLINE_BACKOFF_MAX_MS_CONFIG}</td><td>{@value #DEFAULT_RETRY_INLINE_BACKOFF_MAX_MS}</td>
 *       <td>{@value #RETRY_INLINE_BACKOFF_MAX_MS_DOC}</td></tr>
 *   <tr><td>{@value #RETRY_TIERS_CONFIG}</td><td>{@value #DEFAULT_RETRY_TIERS}</td>
 *       <td>{@value #RETRY_TIERS_DOC}</td></tr>
 *   <tr><td>{@value #RETRY_GROUP_ID_CONFIG}</td><td>(empty)</td><td>{@value #RETRY_GROUP_ID_DOC}</td></tr>
 *   <tr><td>{@value #SCHEDULE_TIERS_CONFIG}</td><td>{@value #DEFAULT_SCHEDULE_TIERS}</td>
 *       <td>{@value #SCHEDULE_TIERS_DOC}</td></tr>
 *   <tr><td>{@value #RETRY_MAX_IN_FLIGHT_CONFIG}</td><td>{@value #DEFAULT_RETRY_MAX_IN_FLIGHT}</td>
 *       <td>{@value #RETRY_MAX_IN_FLIGHT_DOC}</td></tr>
 *   <tr><td>{@value #LEDGER_ENABLED_CONFIG}</td><td>{@value #DEFAULT_LEDGER_ENABLED}</td>
 *       <td>{@value #LEDGER_ENABLED_DOC}</td></tr>
 *   <tr><td>{@value #LEDGER_LOAD_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_LEDGER_LOAD_TIMEOUT_MS}</td>
 *       <td>{@value #LEDGER_LOAD_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_RATE_LIMIT_TPS_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_RATE_LIMIT_TPS}</td>
 *       <td>{@value #GATEWAY_RATE_LIMIT_TPS_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_RATE_MIN_TPS_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_RATE_MIN_TPS}</td>
 *       <td>{@value #GATEWAY_RATE_MIN_TPS_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_RATE_INCREASE_TPS_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_RATE_INCREASE_TPS}</td>
 *       <td>{@value #GATEWAY_RATE_INCREASE_TPS_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT}</td>
 *       <td>{@value #GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_CIRCUIT_WINDOW_CALLS_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_CIRCUIT_WINDOW_CALLS}</td>
 *       <td>{@value #GATEWAY_CIRCUIT_WINDOW_CALLS_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_CIRCUIT_MINIMUM_CALLS_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_CIRCUIT_MINIMUM_CALLS}</td>
 *       <td>{@value #GATEWAY_CIRCUIT_MINIMUM_CALLS_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_CIRCUIT_OPEN_MS_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_CIRCUIT_OPEN_MS}</td>
 *       <td>{@value #GATEWAY_CIRCUIT_OPEN_MS_DOC}</td></tr>
 *   <tr><td>{@value #GATEWAY_CIRCUIT_HALF_OPEN_CALLS_CONFIG}</td><td>{@value #DEFAULT_GATEWAY_CIRCUIT_HALF_OPEN_CALLS}</td>
 *       <td>{@value #GATEWAY_CIRCUIT_HALF_OPEN_CALLS_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_ENABLED_CONFIG}</td><td>{@value #DEFAULT_RECEIPTS_ENABLED}</td>
 *       <td>{@value #RECEIPTS_ENABLED_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_APPLICATION_ID_CONFIG}</td><td>(empty)</td><td>{@value #RECEIPTS_APPLICATION_ID_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_ID_CONVERSION_CONFIG}</td><td>{@value #DEFAULT_RECEIPTS_ID_CONVERSION}</td>
 *       <td>{@value #RECEIPTS_ID_CONVERSION_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_RETENTION_MS_CONFIG}</td><td>{@value #DEFAULT_RECEIPTS_RETENTION_MS}</td>
 *       <td>{@value #RECEIPTS_RETENTION_MS_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_UNMATCHED_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_RECEIPTS_UNMATCHED_TIMEOUT_MS}</td>
 *       <td>{@value #RECEIPTS_UNMATCHED_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_STORE_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_RECEIPTS_STORE_TIMEOUT_MS}</td>
 *       <td>{@value #RECEIPTS_STORE_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_RECEIPTS_CLOSE_TIMEOUT_MS}</td>
 *       <td>{@value #RECEIPTS_CLOSE_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #RECEIPTS_STATE_DIR_CONFIG}</td><td>(empty)</td><td>{@value #RECEIPTS_STATE_DIR_DOC}</td></tr>
 *   <tr><td>{@value #SUPPRESSION_ENABLED_CONFIG}</td><td>{@value #DEFAULT_SUPPRESSION_ENABLED}</td>
 *       <td>{@value #SUPPRESSION_ENABLED_DOC}</td></tr>
 *   <tr><td>{@value #SUPPRESSION_STOP_KEYWORDS_CONFIG}</td><td>{@value #DEFAULT_SUPPRESSION_STOP_KEYWORDS}</td>
 *       <td>{@value #SUPPRESSION_STOP_KEYWORDS_DOC}</td></tr>
 *   <tr><td>{@value #SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG}</td><td>{@value #DEFAULT_SUPPRESSION_LOAD_TIMEOUT_MS}</td>
 *       <td>{@value #SUPPRESSION_LOAD_TIMEOUT_MS_DOC}</td></tr>
 *   <tr><td>{@value #SUPPRESSION_SCOPE_CONFIG}</td><td>{@value #DEFAULT_SUPPRESSION_SCOPE}</td>
 *       <td>{@value #SUPPRESSION_SCOPE_DOC}</td></tr>
 *   <tr><td>{@code kafka.*}</td><td></td><td>{@value #KAFKA_PREFIX_DOC}</td></tr>
 *   <tr><td>{@code consumer.*}</td><td></td><td>{@value #CONSUMER_PREFIX_DOC}</td></tr>
 *   <tr><td>{@code producer.*}</td><td></td><td>{@value #PRODUCER_PREFIX_DOC}</td></tr>
 *   <tr><td>{@code streams.*}</td><td></td><td>{@value #STREAMS_PREFIX_DOC}</td></tr>
 * </table>
 *
 * <p>Any other key is an error, so that a typo fails at start-up instead of being ignored.
 */
public final class DispatcherConfig extends AbstractConfig {

    /** Prefix of environment variables that override keys. */
    public static final String ENV_PREFIX = "HERALD_DISPATCHER_";

    public static final String KAFKA_PREFIX = "kafka.";
    static final String KAFKA_PREFIX_DOC = "Passed to both the consumer and the producer with the prefix stripped, "
            + "e.g. kafka.security.protocol=SASL_SSL, kafka.sasl.jaas.config=..., kafka.ssl.truststore.location=...";
    public static final String CONSUMER_PREFIX = "consumer.";
    static final String CONSUMER_PREFIX_DOC = "Passed to the consumer only, prefix stripped; wins over kafka.*. "
            + "enable.auto.commit and the deserializers cannot be changed.";
    public static final String PRODUCER_PREFIX = "producer.";
    static final String PRODUCER_PREFIX_DOC = "Passed to the status/DLQ producer only, prefix stripped; wins over "
            + "kafka.*. acks, enable.idempotence and the serializers cannot be changed.";

    public static final String STREAMS_PREFIX = "streams.";
    static final String STREAMS_PREFIX_DOC = "Passed to the receipt correlator (Kafka Streams) only, prefix stripped; "
            + "wins over kafka.*, e.g. streams.num.stream.threads=2, streams.processing.guarantee=at_least_once.";

    /**
     * Default {@code max.partition.fetch.bytes} of the {@code notify.requests} consumer (256 KiB, Kafka's default is
     * 1 MiB): about 900 requests a partition per fetch, still far more than {@code max.in.flight} lets through at once.
     */
    public static final int DEFAULT_REQUESTS_MAX_PARTITION_FETCH_BYTES = 256 * 1024;
    /**
     * Default {@code fetch.max.bytes} of the {@code notify.requests} consumer (2 MiB, Kafka's default is 50 MiB). A
     * fetch response is one buffer that stays on the heap until the last of its partitions is polled, so with
     * Kafka's defaults 12 partitions kept 12 MiB live (measured in BacklogMemoryIT); 2 MiB is still about 7,000
     * requests a fetch.
     */
    public static final int DEFAULT_REQUESTS_FETCH_MAX_BYTES = 2 * 1024 * 1024;
    /**
     * Default {@code max.partition.fetch.bytes} of the consumers of low-traffic topics: the retry and delay topics'
     * consumer (3 retry tiers and 5 delay tiers, each with as many partitions as {@code notify.requests}) and the
     * suppression list's (64 KiB).
     */
    public static final int DEFAULT_SMALL_MAX_PARTITION_FETCH_BYTES = 64 * 1024;
    /** Default {@code fetch.max.bytes} of those consumers (1 MiB). */
    public static final int DEFAULT_SMALL_FETCH_MAX_BYTES = 1024 * 1024;
    /**
     * Default {@code max.partition.fetch.bytes} of the sent ledger's consumer (1 MiB, Kafka's own): a load reads
     * every status since the oldest uncommitted record. Measured (2026-12-06, 2 cores, idle stack): 1,247,910 status
     * records in 3.7 s with 1 MiB and 8 MiB, 984,122 in 4.4 s with 64 KiB and 1 MiB.
     */
    public static final int DEFAULT_LEDGER_MAX_PARTITION_FETCH_BYTES = 1024 * 1024;
    /** Default {@code fetch.max.bytes} of the sent ledger's consumer (8 MiB): what one fetch may hold in memory. */
    public static final int DEFAULT_LEDGER_FETCH_MAX_BYTES = 8 * 1024 * 1024;

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port...].";

    public static final String REGISTRY_URL_CONFIG = "registry.url";
    static final String REGISTRY_URL_DOC = "Base URL of the Apicurio registry, e.g. http://127.0.0.1:8081.";

    public static final String GROUP_ID_CONFIG = "group.id";
    static final String GROUP_ID_DOC = "Kafka consumer group shared by every dispatcher process.";
    public static final String DEFAULT_GROUP_ID = "herald-dispatcher";

    public static final String INSTANCE_ID_CONFIG = "instance.id";
    static final String INSTANCE_ID_DOC = "Name of this process in logs, in client.id (<instance.id>-consumer, "
            + "<instance.id>-producer) and in /stats; empty means hostname-pid.";

    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    static final String GROUP_INSTANCE_ID_DOC = "Static group membership (KIP-345): a name of this process that "
            + "stays the same when it restarts, e.g. a StatefulSet pod's name; every process of the group needs a "
            + "different one. It sets the Kafka group.instance.id of the requests consumer (<group.instance.id>-requests), "
            + "of the retry consumer (<group.instance.id>-retry) and of the receipt correlator's stream threads "
            + "(<group.instance.id>-receipts-<n>). A restarted member then gets its partitions back as soon as it "
            + "joins, without a rebalance; a member that crashed and does not come back keeps them until "
            + "consumer.session.timeout.ms (45000 by default) has passed. A stop (SIGTERM) still leaves the group at "
            + "once. Empty: dynamic membership, where every crash holds the dead member's partitions for "
            + "consumer.session.timeout.ms, then moves them in a rebalance. Letters, digits, '.', '_' and '-', at "
            + "most 200 characters.";
    /** Longest {@value #GROUP_INSTANCE_ID_CONFIG}: Kafka's ids are at most 249 characters, the suffixes take more. */
    private static final int GROUP_INSTANCE_ID_MAX = 200;

    public static final String SENDER_THREADS_CONFIG = "sender.threads";
    static final String SENDER_THREADS_DOC = "Threads that submit messages to the gateway; records of different "
            + "recipients run in parallel on them.";
    public static final int DEFAULT_SENDER_THREADS = 16;

    public static final String MAX_IN_FLIGHT_CONFIG = "max.in.flight";
    static final String MAX_IN_FLIGHT_DOC = "Records consumed but not completed (queued per recipient, sending, or "
            + "waiting for their status to be acknowledged) per process at which every assigned partition is paused; "
            + "they are resumed when the count falls to half. One partition may have at most its share in flight "
            + "(max.in.flight / partitions assigned, at least 64); beyond it only that partition is paused, until half "
            + "its share is left. Also caps max.poll.records unless that is set.";
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

    public static final String ORDERING_CONFIG = "ordering";
    static final String ORDERING_DOC = "When a recipient's next message may go to the gateway. accepted: once the "
            + "gateway accepted the previous one and its outcome records (status, sent-ledger entry) were handed to the "
            + "producer, which writes them in order; its offset is still committed only after Kafka acknowledged them. "
            + "strict: only once Kafka acknowledged them. After a kill -9 both send a recipient's messages in offset "
            + "order the first time; with accepted, a message whose records were lost in the crash may be sent again "
            + "after its successor (docs/delivery-semantics.md).";
    public static final String ORDERING_ACCEPTED = "accepted";
    public static final String ORDERING_STRICT = "strict";
    public static final String DEFAULT_ORDERING = ORDERING_ACCEPTED;

    public static final String ORDERING_MAX_UNACKNOWLEDGED_CONFIG = "ordering.max.unacknowledged";
    static final String ORDERING_MAX_UNACKNOWLEDGED_DOC = "With ordering=accepted, how many messages of one recipient "
            + "may be accepted by the gateway and not yet acknowledged by Kafka before the next one waits.";
    public static final int DEFAULT_ORDERING_MAX_UNACKNOWLEDGED = 8;

    /**
     * The receipt correlator's {@code commit.interval.ms} (Kafka Streams' default under exactly-once is 100), in ms:
     * each commit is a transaction, a few broker round trips; a correlated receipt's status is written up to this much
     * later, and a crash replays up to this much work. {@code streams.commit.interval.ms} overrides it.
     */
    public static final long STREAMS_COMMIT_INTERVAL_MS = 1000;

    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    static final String COMMIT_INTERVAL_MS_DOC = "How often completed offsets are committed (commitAsync), in ms.";
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 1000L;

    public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "shutdown.timeout.ms";
    static final String SHUTDOWN_TIMEOUT_MS_DOC = "Upper bound, in ms, on waiting for in-flight sends on SIGTERM and "
            + "when partitions are revoked; what has not completed by then is re-delivered to the next owner.";
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000L;

    public static final String ADMIN_PORT_CONFIG = "admin.port";
    static final String ADMIN_PORT_DOC = "TCP port of the admin HTTP server (GET /health, GET /stats); 0 disables it.";
    public static final int DEFAULT_ADMIN_PORT = 8082;

    public static final String ADMIN_HOST_CONFIG = "admin.host";
    static final String ADMIN_HOST_DOC = "Address the admin HTTP server binds to: a host name or IP address; 0.0.0.0 "
            + "listens on every interface (what a container needs), 127.0.0.1 only on loopback.";
    public static final String DEFAULT_ADMIN_HOST = "0.0.0.0";

    public static final String GATEWAY_TYPE_SMPP = "smpp";
    public static final String GATEWAY_TYPE_HTTP = "http";
    public static final String GATEWAY_TYPE_SMTP = "smtp";
    public static final String GATEWAY_TYPE_CONFIG = "gateway.type";
    static final String GATEWAY_TYPE_DOC = "The gateway messages are sent through: smpp, an SMSC over SMPP 3.4 (the "
            + "smpp.* keys); http, an SMS provider's HTTP API taking one JSON POST per message (the http.* keys), which "
            + "sends no delivery receipts; smtp, a mail server taking e-mail (the smtp.* keys). smpp and http send the "
            + "SMS channel, smtp the EMAIL channel; a request of a channel no gateway sends fails with "
            + "CHANNEL_NOT_SUPPORTED. To send both, name one gateway of each in gateways.";
    public static final String DEFAULT_GATEWAY_TYPE = GATEWAY_TYPE_SMPP;

    public static final String GATEWAYS_CONFIG = "gateways";
    static final String GATEWAYS_DOC = "Names of the gateways to route between, e.g. primary,backup; empty means the "
            + "one gateway of gateway.type and the top-level keys. Each named gateway N takes every key of this file "
            + "with the prefix gateway.N. over the top-level one: gateway.N.type (smpp, http or smtp), "
            + "gateway.N.smpp.host, gateway.N.http.url, gateway.N.smtp.host, gateway.N.gateway.rate.limit.tps, ... "
            + "Each has its own rate limit and circuit breaker. E-mail goes through the smtp gateways, in this order "
            + "of preference (failover as for routes).";

    public static final String ROUTES_CONFIG = "routes";
    static final String ROUTES_DOC = "Which gateways (of gateways) each recipient's messages go through, in order of "
            + "preference: PREFIX=NAME|NAME entries, e.g. +47=primary|backup,*=backup. The longest matching prefix "
            + "(+ and digits: a country calling code or longer) wins; * is the default and is required. A message "
            + "goes through the first gateway of its route whose circuit breaker is not open, and back to it once it "
            + "recovers; statuses name the gateway used. Empty: *= every SMS gateway (smpp, http) in the order of "
            + "gateways. Routes are for SMS only and may not name an smtp gateway.";

    public static final String SMPP_HOST_CONFIG = "smpp.host";
    static final String SMPP_HOST_DOC = "Host name or address of the SMPP gateway (SMSC).";
    public static final String DEFAULT_SMPP_HOST = "127.0.0.1";

    public static final String SMPP_PORT_CONFIG = "smpp.port";
    static final String SMPP_PORT_DOC = "TCP port of the SMPP gateway.";
    public static final int DEFAULT_SMPP_PORT = 2775;

    public static final String SMPP_SYSTEM_ID_CONFIG = "smpp.system.id";
    static final String SMPP_SYSTEM_ID_DOC = "system_id of bind_transceiver, at most 15 characters (SMPP 3.4 §4.1.5).";
    public static final String DEFAULT_SMPP_SYSTEM_ID = "herald";

    public static final String SMPP_PASSWORD_CONFIG = "smpp.password";
    static final String SMPP_PASSWORD_DOC = "password of bind_transceiver, at most 8 characters (SMPP 3.4 §4.1.5).";
    public static final String DEFAULT_SMPP_PASSWORD = "herald";

    public static final String SMPP_SYSTEM_TYPE_CONFIG = "smpp.system.type";
    static final String SMPP_SYSTEM_TYPE_DOC = "system_type of bind_transceiver, at most 12 characters; often empty.";
    public static final String DEFAULT_SMPP_SYSTEM_TYPE = "";

    public static final String SMPP_WINDOW_SIZE_CONFIG = "smpp.window.size";
    static final String SMPP_WINDOW_SIZE_DOC = "Maximum outstanding submit_sm (sent, no submit_sm_resp yet) per SMPP "
            + "session.";
    public static final int DEFAULT_SMPP_WINDOW_SIZE = 10;

    public static final String SMPP_SESSIONS_CONFIG = "smpp.sessions";
    static final String SMPP_SESSIONS_DOC = "SMPP sessions (binds) this process opens; messages are spread round-robin "
            + "over the bound ones.";
    public static final int DEFAULT_SMPP_SESSIONS = 1;

    public static final String SMPP_PDU_PROCESSOR_THREADS_CONFIG = "smpp.pdu.processor.threads";
    static final String SMPP_PDU_PROCESSOR_THREADS_DOC = "Threads per SMPP session that handle the PDUs it receives "
            + "(submit_sm_resp, deliver_sm, enquire_link; jSMPP's pduProcessorDegree). A deliver_sm holds one while its "
            + "receipt is stored in Kafka, and a submit_sm_resp waits for a free one, so too few slow the sending "
            + "down whenever receipts arrive.";
    public static final int DEFAULT_SMPP_PDU_PROCESSOR_THREADS = 32;

    public static final String SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG = "smpp.enquire.link.interval.ms";
    static final String SMPP_ENQUIRE_LINK_INTERVAL_MS_DOC = "Idle time, in ms, after which an enquire_link is sent "
            + "to check the session (SMPP 3.4 §4.11).";
    public static final int DEFAULT_SMPP_ENQUIRE_LINK_INTERVAL_MS = 30_000;

    public static final String SMPP_REQUEST_TIMEOUT_MS_CONFIG = "smpp.request.timeout.ms";
    static final String SMPP_REQUEST_TIMEOUT_MS_DOC = "How long, in ms, to wait for a response PDU (bind_resp, "
            + "submit_sm_resp) and for a free window slot; a timeout is a transient failure.";
    public static final int DEFAULT_SMPP_REQUEST_TIMEOUT_MS = 10_000;

    public static final String SMPP_RECONNECT_BACKOFF_MS_CONFIG = "smpp.reconnect.backoff.ms";
    static final String SMPP_RECONNECT_BACKOFF_MS_DOC = "Delay, in ms, before re-binding a lost or refused SMPP "
            + "session; doubles after a failed bind, to at most twice this value, so that sending resumes within "
            + "seconds of the SMSC coming back.";
    public static final long DEFAULT_SMPP_RECONNECT_BACKOFF_MS = 1000L;

    public static final String SMPP_REGISTERED_DELIVERY_CONFIG = "smpp.registered.delivery";
    static final String SMPP_REGISTERED_DELIVERY_DOC = "Whether submit_sm asks for an SMSC delivery receipt on success "
            + "and failure (registered_delivery 0x01, SMPP 3.4 §5.2.17).";
    public static final boolean DEFAULT_SMPP_REGISTERED_DELIVERY = true;

    public static final String SMPP_HERALD_ID_TLV_CONFIG = "smpp.herald.id.tlv";
    static final String SMPP_HERALD_ID_TLV_DOC = "Tag of the vendor-specific TLV (0x1400-0x3FFF, SMPP 3.4 §5.3.2) "
            + "that carries Herald's messageId as ASCII on every submit_sm; hex (0x...) or decimal; 0 disables it.";
    public static final String DEFAULT_SMPP_HERALD_ID_TLV = "0x1F01";

    public static final String SMPP_CONCATENATION_CONFIG = "smpp.concatenation";
    static final String SMPP_CONCATENATION_DOC = "How the segments of a long SMS are tied together: udh puts a user data "
            + "header 05 00 03 REF TOTAL SEQ (3GPP TS 23.040 §9.2.3.24.1, 8-bit reference) in each short_message with "
            + "esm_class 0x40; sar sends no header, esm_class 0x00, and the TLVs sar_msg_ref_num (16-bit reference), "
            + "sar_total_segments and sar_segment_seqnum (SMPP 3.4 §5.3.2.22-24).";
    public static final String DEFAULT_SMPP_CONCATENATION = "udh";

    public static final String SMTP_HOST_CONFIG = "smtp.host";
    static final String SMTP_HOST_DOC = "With gateway.type=smtp: host name or address of the mail server (an MTA or a "
            + "provider's SMTP relay) e-mail is submitted to.";
    public static final String DEFAULT_SMTP_HOST = "127.0.0.1";

    public static final String SMTP_PORT_CONFIG = "smtp.port";
    static final String SMTP_PORT_DOC = "TCP port of the mail server: 587 for message submission with STARTTLS (RFC "
            + "6409), 465 with smtp.tls=implicit (RFC 8314), 25 for relaying.";
    public static final int DEFAULT_SMTP_PORT = 587;

    public static final String SMTP_TLS_NONE = "none";
    public static final String SMTP_TLS_STARTTLS = "starttls";
    public static final String SMTP_TLS_STARTTLS_REQUIRED = "starttls-required";
    public static final String SMTP_TLS_IMPLICIT = "implicit";
    public static final String SMTP_TLS_CONFIG = "smtp.tls";
    static final String SMTP_TLS_DOC = "Transport security of the SMTP connection: starttls-required, upgrade with "
            + "STARTTLS (RFC 3207) and refuse a server that does not offer it; starttls, upgrade when the server offers "
            + "it, else send in clear; implicit, TLS from the first byte (SMTPS, RFC 8314, port 465); none, plain text "
            + "(only for a local relay or a test server). The server's certificate is checked against the JDK's trust "
            + "store and its name against smtp.host.";
    public static final String DEFAULT_SMTP_TLS = SMTP_TLS_STARTTLS_REQUIRED;

    public static final String SMTP_SSL_TRUST_CONFIG = "smtp.ssl.trust";
    static final String SMTP_SSL_TRUST_DOC = "Host names whose TLS certificate is trusted without checking it, "
            + "space-separated, or * for every host (Jakarta Mail's mail.smtp.ssl.trust); empty checks every "
            + "certificate. Only for test servers with self-signed certificates.";

    public static final String SMTP_USERNAME_CONFIG = "smtp.username";
    static final String SMTP_USERNAME_DOC = "The user for SMTP AUTH (RFC 4954); empty sends without authenticating.";

    public static final String SMTP_PASSWORD_CONFIG = "smtp.password";
    static final String SMTP_PASSWORD_DOC = "The password for SMTP AUTH. Never logged.";

    public static final String SMTP_CONNECTIONS_CONFIG = "smtp.connections";
    static final String SMTP_CONNECTIONS_DOC = "The most SMTP connections this gateway keeps open at once; each carries "
            + "one message at a time and is reused for the next. Sender threads beyond it wait for a free connection.";
    public static final int DEFAULT_SMTP_CONNECTIONS = 4;

    public static final String SMTP_CONNECT_TIMEOUT_MS_CONFIG = "smtp.connect.timeout.ms";
    static final String SMTP_CONNECT_TIMEOUT_MS_DOC = "How long, in ms, to wait for a TCP connection (and the "
            + "greeting) from the mail server; a timeout or a refused connection means the gateway is unavailable.";
    public static final int DEFAULT_SMTP_CONNECT_TIMEOUT_MS = 10_000;

    public static final String SMTP_TIMEOUT_MS_CONFIG = "smtp.timeout.ms";
    static final String SMTP_TIMEOUT_MS_DOC = "How long, in ms, to wait for each reply of the mail server, and for each "
            + "write to it; a timeout means the gateway is unavailable and the connection is dropped.";
    public static final int DEFAULT_SMTP_TIMEOUT_MS = 30_000;

    public static final String SMTP_ENVELOPE_FROM_CONFIG = "smtp.envelope.from";
    static final String SMTP_ENVELOPE_FROM_DOC = "The envelope sender (MAIL FROM, RFC 5321 §4.1.1.2), where bounces go; "
            + "empty uses the address of the message's From (the batch's from).";

    public static final String SMTP_HELO_NAME_CONFIG = "smtp.helo.name";
    static final String SMTP_HELO_NAME_DOC = "The host name this dispatcher gives in EHLO; empty uses the local host "
            + "name.";

    public static final String HTTP_URL_CONFIG = "http.url";
    static final String HTTP_URL_DOC = "With gateway.type=http: the absolute http or https URL each message is POSTed "
            + "to as JSON, e.g. https://sms.example.com/v1/messages.";

    public static final String HTTP_AUTH_NONE = "none";
    public static final String HTTP_AUTH_BEARER = "bearer";
    public static final String HTTP_AUTH_BASIC = "basic";
    public static final String HTTP_AUTH_CONFIG = "http.auth";
    static final String HTTP_AUTH_DOC = "How requests to http.url authenticate: none; bearer, an Authorization: Bearer "
            + "header with http.bearer.token (RFC 6750 §2.1); basic, an Authorization: Basic header with "
            + "http.basic.username and http.basic.password (RFC 7617).";
    public static final String DEFAULT_HTTP_AUTH = HTTP_AUTH_NONE;

    public static final String HTTP_BEARER_TOKEN_CONFIG = "http.bearer.token";
    static final String HTTP_BEARER_TOKEN_DOC = "The token of http.auth=bearer; required then. Never logged.";

    public static final String HTTP_BASIC_USERNAME_CONFIG = "http.basic.username";
    static final String HTTP_BASIC_USERNAME_DOC = "The user of http.auth=basic; required then, and without a colon "
            + "(RFC 7617 §2).";

    public static final String HTTP_BASIC_PASSWORD_CONFIG = "http.basic.password";
    static final String HTTP_BASIC_PASSWORD_DOC = "The password of http.auth=basic. Never logged.";

    public static final String HTTP_PROVIDER_ID_POINTER_CONFIG = "http.provider.id.pointer";
    static final String HTTP_PROVIDER_ID_POINTER_DOC = "JSON Pointer (RFC 6901) to the provider's message id in the "
            + "JSON body of a 2xx answer, e.g. /id or /messages/0/id; the id (a string or a number) becomes the SENT "
            + "status's gatewayMessageId. A 2xx answer without it is a permanent failure, HTTP_NO_PROVIDER_ID.";
    public static final String DEFAULT_HTTP_PROVIDER_ID_POINTER = "/id";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "How long, in ms, to wait for a TCP (and TLS) connection to "
            + "http.url; a timeout or a refused connection means the gateway is unavailable (transient, counted by "
            + "the circuit breaker).";
    public static final int DEFAULT_HTTP_CONNECT_TIMEOUT_MS = 5_000;

    public static final String HTTP_REQUEST_TIMEOUT_MS_CONFIG = "http.request.timeout.ms";
    static final String HTTP_REQUEST_TIMEOUT_MS_DOC = "How long, in ms, to wait for the whole answer (status, headers "
            + "and body) once a request is sent; a timeout means the gateway is unavailable (transient, counted by the circuit "
            + "breaker). The provider may still have taken the message: the retry carries the same Idempotency-Key.";
    public static final int DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 10_000;

    public static final String RETRY_INLINE_MAX_ATTEMPTS_CONFIG = "retry.inline.max.attempts";
    static final String RETRY_INLINE_MAX_ATTEMPTS_DOC = "Attempts per message, the first included, for transient gateway "
            + "errors (ESME_RSYSERR, a timeout while the gateway is otherwise up); then the message fails. Throttling "
            + "and an unavailable gateway (open circuit, no bound session) are not attempts.";
    public static final int DEFAULT_RETRY_INLINE_MAX_ATTEMPTS = 3;

    public static final String RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG = "retry.inline.backoff.initial.ms";
    static final String RETRY_INLINE_BACKOFF_INITIAL_MS_DOC = "Delay, in ms, before the second attempt; it doubles per "
            + "attempt, with ±20% jitter.";
    public static final long DEFAULT_RETRY_INLINE_BACKOFF_INITIAL_MS = 200L;

    public static final String RETRY_INLINE_BACKOFF_MAX_MS_CONFIG = "retry.inline.backoff.max.ms";
    static final String RETRY_INLINE_BACKOFF_MAX_MS_DOC = "Upper bound, in ms, of the delay between attempts.";
    public static final long DEFAULT_RETRY_INLINE_BACKOFF_MAX_MS = 5000L;

    public static final String RETRY_TIERS_CONFIG = "retry.tiers";
    static final String RETRY_TIERS_DOC = "Delays of the retry tiers, in order, each a number with a unit (ms, s, m, "
            + "h), e.g. 30s,5m,30m. A message that failed transiently after its inline attempts is written to the "
            + "first tier's topic notify.requests.retry.<tier>, and is attempted again once the tier's delay has "
            + "passed; after the last tier it goes to the DLQ. Empty: no retry topics, straight to the DLQ.";
    public static final String DEFAULT_RETRY_TIERS = "30s,5m,30m";

    public static final String SCHEDULE_TIERS_CONFIG = "schedule.tiers";
    static final String SCHEDULE_TIERS_DOC = "Hold times of the delay tiers, each a number with a unit (ms, s, m, h, "
            + "d), at least one. A request whose notBefore (the batch's sendAt) is ahead is not sent but written to "
            + "notify.requests.delay.<tier> of the longest tier that does not pass its time, read back by the retry "
            + "consumer once the hold is over, and held again in a shorter tier until its time comes. So it is sent "
            + "no earlier than notBefore and at most the shortest hold after it.";
    public static final String DEFAULT_SCHEDULE_TIERS = "5s,1m,10m,1h,1d";

    public static final String RETRY_GROUP_ID_CONFIG = "retry.group.id";
    static final String RETRY_GROUP_ID_DOC = "Consumer group of the retry topics' consumer; empty means "
            + "<group.id>-retry.";

    public static final String RETRY_MAX_IN_FLIGHT_CONFIG = "retry.max.in.flight";
    static final String RETRY_MAX_IN_FLIGHT_DOC = "As max.in.flight, for the records of the retry topics (a second "
            + "consumer in the same process, with its own count).";
    public static final int DEFAULT_RETRY_MAX_IN_FLIGHT = 200;

    public static final String LEDGER_ENABLED_CONFIG = "ledger.enabled";
    static final String LEDGER_ENABLED_DOC = "Keep the sent ledger: after the gateway accepted a message, its SENT "
            + "status on notify.status carries the ledger entry (header herald.ledger); when partitions are assigned, "
            + "read the recent entries for them (and those the previous release wrote to notify.sent, if that topic "
            + "exists) and complete a record already sent without sending it again.";
    public static final boolean DEFAULT_LEDGER_ENABLED = true;

    public static final String LEDGER_LOAD_TIMEOUT_MS_CONFIG = "ledger.load.timeout.ms";
    static final String LEDGER_LOAD_TIMEOUT_MS_DOC = "Upper bound, in ms, on reading the sent ledger for newly "
            + "assigned partitions; past it, sending starts without the entries not yet read (a message may then be "
            + "sent twice).";
    public static final long DEFAULT_LEDGER_LOAD_TIMEOUT_MS = 10_000L;

    public static final String GATEWAY_RATE_LIMIT_TPS_CONFIG = "gateway.rate.limit.tps";
    static final String GATEWAY_RATE_LIMIT_TPS_DOC = "Most submits per second this process sends to the gateway, over "
            + "all sender threads (applied in 100 ms slices, so in steps of 10); 0 means no limit until the gateway "
            + "throttles. Throttling (ESME_RTHROTTLED, ESME_RMSGQFUL) lowers the limit to 70%, at most once a second; "
            + "each second without throttling raises it again by gateway.rate.increase.tps or 10%, up to this value.";
    public static final int DEFAULT_GATEWAY_RATE_LIMIT_TPS = 0;

    public static final String GATEWAY_RATE_MIN_TPS_CONFIG = "gateway.rate.min.tps";
    static final String GATEWAY_RATE_MIN_TPS_DOC = "The lowest submits per second throttling lowers the limit to.";
    public static final int DEFAULT_GATEWAY_RATE_MIN_TPS = 10;

    public static final String GATEWAY_RATE_INCREASE_TPS_CONFIG = "gateway.rate.increase.tps";
    static final String GATEWAY_RATE_INCREASE_TPS_DOC = "The least the limit rises, in submits per second, after each "
            + "second without throttling (it rises by 10% when that is more).";
    public static final int DEFAULT_GATEWAY_RATE_INCREASE_TPS = 10;

    public static final String GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_CONFIG = "gateway.circuit.failure.rate.percent";
    static final String GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_DOC = "Percentage of the last "
            + "gateway.circuit.window.calls sends that found the gateway unavailable (no bound session, bind lost, "
            + "response timeout) at which the circuit opens.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT = 50;

    public static final String GATEWAY_CIRCUIT_WINDOW_CALLS_CONFIG = "gateway.circuit.window.calls";
    static final String GATEWAY_CIRCUIT_WINDOW_CALLS_DOC = "Sends in the circuit breaker's sliding window.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_WINDOW_CALLS = 20;

    public static final String GATEWAY_CIRCUIT_MINIMUM_CALLS_CONFIG = "gateway.circuit.minimum.calls";
    static final String GATEWAY_CIRCUIT_MINIMUM_CALLS_DOC = "Sends recorded before the failure rate is computed.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_MINIMUM_CALLS = 5;

    public static final String GATEWAY_CIRCUIT_OPEN_MS_CONFIG = "gateway.circuit.open.ms";
    static final String GATEWAY_CIRCUIT_OPEN_MS_DOC = "How long, in ms, the circuit stays open (partitions paused, "
            + "records in flight waiting) before half-open probe sends.";
    public static final long DEFAULT_GATEWAY_CIRCUIT_OPEN_MS = 1000L;

    public static final String GATEWAY_CIRCUIT_HALF_OPEN_CALLS_CONFIG = "gateway.circuit.half.open.calls";
    static final String GATEWAY_CIRCUIT_HALF_OPEN_CALLS_DOC = "Probe sends while half-open; if they reach the "
            + "gateway the circuit closes, else it opens again.";
    public static final int DEFAULT_GATEWAY_CIRCUIT_HALF_OPEN_CALLS = 3;

    public static final String RECEIPTS_ENABLED_CONFIG = "receipts.enabled";
    static final String RECEIPTS_ENABLED_DOC = "Store every delivery receipt (DLR) the SMPP sessions receive in "
            + "notify.receipts before acknowledging it, and run the receipt correlator, which matches receipts to "
            + "their messages and writes DELIVERED, UNDELIVERED, EXPIRED or REJECTED to notify.status. Off: receipts "
            + "are acknowledged and dropped.";
    public static final boolean DEFAULT_RECEIPTS_ENABLED = true;

    public static final String RECEIPTS_APPLICATION_ID_CONFIG = "receipts.application.id";
    static final String RECEIPTS_APPLICATION_ID_DOC = "application.id of the receipt correlator (Kafka Streams), "
            + "shared by every dispatcher process; empty means <group.id>-receipts.";

    public static final String RECEIPTS_ID_CONVERSION_AUTO = "auto";
    public static final String RECEIPTS_ID_CONVERSION_NONE = "none";
    public static final String RECEIPTS_ID_CONVERSION_CONFIG = "receipts.id.conversion";
    static final String RECEIPTS_ID_CONVERSION_DOC = "How a receipt's message id is matched to the submit_sm_resp "
            + "message_id: auto also matches an id the SMSC converted between hexadecimal and decimal (a common "
            + "mismatch); none compares them as written (case and leading zeros aside).";
    public static final String DEFAULT_RECEIPTS_ID_CONVERSION = RECEIPTS_ID_CONVERSION_AUTO;

    public static final String RECEIPTS_RETENTION_MS_CONFIG = "receipts.retention.ms";
    static final String RECEIPTS_RETENTION_MS_DOC = "How long, in ms, a sent message waits for its receipts; set it "
            + "above the SMSC's validity period. A receipt arriving later matches nothing.";
    public static final long DEFAULT_RECEIPTS_RETENTION_MS = 72L * 60 * 60 * 1000;

    public static final String RECEIPTS_UNMATCHED_TIMEOUT_MS_CONFIG = "receipts.unmatched.timeout.ms";
    static final String RECEIPTS_UNMATCHED_TIMEOUT_MS_DOC = "How long, in ms, a receipt waits for the SENT event of "
            + "its message (it may arrive first); then it is counted as unmatched, logged with the recipient masked, "
            + "and dropped.";
    public static final long DEFAULT_RECEIPTS_UNMATCHED_TIMEOUT_MS = 10L * 60 * 1000;

    public static final String RECEIPTS_STORE_TIMEOUT_MS_CONFIG = "receipts.store.timeout.ms";
    static final String RECEIPTS_STORE_TIMEOUT_MS_DOC = "How long, in ms, a deliver_sm waits for Kafka to store its "
            + "receipt; past it the deliver_sm is answered with ESME_RSYSERR and the SMSC sends it again later.";
    public static final long DEFAULT_RECEIPTS_STORE_TIMEOUT_MS = 5000L;

    public static final String RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG = "receipts.close.timeout.ms";
    static final String RECEIPTS_CLOSE_TIMEOUT_MS_DOC = "How long, in ms from the start of a shutdown, the receipt "
            + "correlator has to commit and leave its group; it closes in parallel with the drain of in-flight sends. "
            + "One still busy then is left to end with the process: under exactly_once_v2 what it did not commit is "
            + "done again by the next owner.";
    public static final long DEFAULT_RECEIPTS_CLOSE_TIMEOUT_MS = 5000L;

    public static final String RECEIPTS_STATE_DIR_CONFIG = "receipts.state.dir";
    static final String RECEIPTS_STATE_DIR_DOC = "Directory of the receipt correlator's RocksDB stores (restored from "
            + "their changelog topics when empty, and emptied first when it holds another Kafka cluster's state); "
            + "empty means <java.io.tmpdir>/herald-receipts/<instance.id>.";

    public static final String SUPPRESSION_ENABLED_CONFIG = "suppression.enabled";
    static final String SUPPRESSION_ENABLED_DOC = "Honour the suppression list (topic notify.suppressions): keep it in "
            + "memory, complete a request to a listed recipient with a SUPPRESSED status instead of sending it, and add "
            + "the sender of an inbound STOP SMS to it. false turns all three off.";
    public static final boolean DEFAULT_SUPPRESSION_ENABLED = true;

    public static final String SUPPRESSION_STOP_KEYWORDS_CONFIG = "suppression.stop.keywords";
    static final String SUPPRESSION_STOP_KEYWORDS_DOC = "Comma-separated keywords: a mobile-originated SMS whose "
            + "text, trimmed, equals one of them (case-insensitive) puts its sender on the suppression list. Empty: no "
            + "keyword does.";
    public static final String DEFAULT_SUPPRESSION_STOP_KEYWORDS = "STOP,STOPP,UNSUBSCRIBE";

    public static final String SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG = "suppression.load.timeout.ms";
    static final String SUPPRESSION_LOAD_TIMEOUT_MS_DOC = "The poll loops dispatch nothing until the suppression list "
            + "is read to its end offsets (every opt-out written so far is known); every this many ms of waiting is "
            + "logged at WARN.";
    public static final long DEFAULT_SUPPRESSION_LOAD_TIMEOUT_MS = 30_000L;

    public static final String SUPPRESSION_SCOPE_CONFIG = "suppression.scope";
    static final String SUPPRESSION_SCOPE_DOC = "Whose messages an API client's suppression entry stops: recipient "
            + "(every client's messages to that recipient: an opt-out is the recipient's choice) or client (only the "
            + "messages of the client that added it). Shared entries (MO STOP, operator) stop every client's messages "
            + "either way.";
    /** {@value #SUPPRESSION_SCOPE_CONFIG} value: any entry stops every client's messages to its recipient. */
    public static final String SUPPRESSION_SCOPE_RECIPIENT = "recipient";
    /** {@value #SUPPRESSION_SCOPE_CONFIG} value: a client's entry stops only that client's messages. */
    public static final String SUPPRESSION_SCOPE_CLIENT = "client";
    public static final String DEFAULT_SUPPRESSION_SCOPE = SUPPRESSION_SCOPE_RECIPIENT;

    private static final int SMPP_SYSTEM_ID_MAX = 15;
    private static final int SMPP_PASSWORD_MAX = 8;
    private static final int SMPP_SYSTEM_TYPE_MAX = 12;
    private static final int VENDOR_TLV_MIN = 0x1400;
    private static final int VENDOR_TLV_MAX = 0x3FFF;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
                if (value == null || ((List<?>) value).isEmpty()) {
                    throw new ConfigException(name, value, "must list at least one host:port");
                }
            },
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, REGISTRY_URL_DOC)
            .define(GROUP_ID_CONFIG, Type.STRING, DEFAULT_GROUP_ID, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, GROUP_ID_DOC)
            .define(INSTANCE_ID_CONFIG, Type.STRING, "", Importance.MEDIUM, INSTANCE_ID_DOC)
            .define(GROUP_INSTANCE_ID_CONFIG, Type.STRING, "", (name, value) -> {
                String id = (String) value;
                if (id != null && (id.length() > GROUP_INSTANCE_ID_MAX || !id.matches("[a-zA-Z0-9._-]*"))) {
                    throw new ConfigException(name, value, "must be at most " + GROUP_INSTANCE_ID_MAX
                            + " letters, digits, '.', '_' or '-'");
                }
            }, Importance.MEDIUM, GROUP_INSTANCE_ID_DOC)
            .define(SENDER_THREADS_CONFIG, Type.INT, DEFAULT_SENDER_THREADS, atLeast(1), Importance.HIGH,
                    SENDER_THREADS_DOC)
            .define(MAX_IN_FLIGHT_CONFIG, Type.INT, DEFAULT_MAX_IN_FLIGHT, atLeast(1), Importance.HIGH,
                    MAX_IN_FLIGHT_DOC)
            .define(ORDERING_CONFIG, Type.STRING, DEFAULT_ORDERING,
                    ConfigDef.CaseInsensitiveValidString.in(ORDERING_ACCEPTED, ORDERING_STRICT), Importance.MEDIUM,
                    ORDERING_DOC)
            .define(ORDERING_MAX_UNACKNOWLEDGED_CONFIG, Type.INT, DEFAULT_ORDERING_MAX_UNACKNOWLEDGED, atLeast(1),
                    Importance.LOW, ORDERING_MAX_UNACKNOWLEDGED_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_COMMIT_INTERVAL_MS, atLeast(1), Importance.MEDIUM,
                    COMMIT_INTERVAL_MS_DOC)
            .define(SHUTDOWN_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_SHUTDOWN_TIMEOUT_MS, atLeast(0), Importance.MEDIUM,
                    SHUTDOWN_TIMEOUT_MS_DOC)
            .define(ADMIN_PORT_CONFIG, Type.INT, DEFAULT_ADMIN_PORT, between(0, 65535), Importance.LOW,
                    ADMIN_PORT_DOC)
            .define(ADMIN_HOST_CONFIG, Type.STRING, DEFAULT_ADMIN_HOST,
                    new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.LOW, ADMIN_HOST_DOC)
            .define(GATEWAY_TYPE_CONFIG, Type.STRING, DEFAULT_GATEWAY_TYPE,
                    ConfigDef.ValidString.in(GATEWAY_TYPE_SMPP, GATEWAY_TYPE_HTTP, GATEWAY_TYPE_SMTP), Importance.HIGH,
                    GATEWAY_TYPE_DOC)
            .define(GATEWAYS_CONFIG, Type.LIST, "", Importance.MEDIUM, GATEWAYS_DOC)
            .define(ROUTES_CONFIG, Type.LIST, "", Importance.MEDIUM, ROUTES_DOC)
            .define(SMPP_HOST_CONFIG, Type.STRING, DEFAULT_SMPP_HOST, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, SMPP_HOST_DOC)
            .define(SMPP_PORT_CONFIG, Type.INT, DEFAULT_SMPP_PORT, between(1, 65535), Importance.HIGH, SMPP_PORT_DOC)
            .define(SMPP_SYSTEM_ID_CONFIG, Type.STRING, DEFAULT_SMPP_SYSTEM_ID, maxLength(SMPP_SYSTEM_ID_MAX, false),
                    Importance.HIGH, SMPP_SYSTEM_ID_DOC)
            .define(SMPP_PDU_PROCESSOR_THREADS_CONFIG, Type.INT, DEFAULT_SMPP_PDU_PROCESSOR_THREADS, atLeast(1),
                    Importance.LOW, SMPP_PDU_PROCESSOR_THREADS_DOC)
            .define(SMPP_PASSWORD_CONFIG, Type.PASSWORD, DEFAULT_SMPP_PASSWORD, Importance.HIGH, SMPP_PASSWORD_DOC)
            .define(SMPP_SYSTEM_TYPE_CONFIG, Type.STRING, DEFAULT_SMPP_SYSTEM_TYPE,
                    maxLength(SMPP_SYSTEM_TYPE_MAX, true), Importance.LOW, SMPP_SYSTEM_TYPE_DOC)
            .define(SMPP_WINDOW_SIZE_CONFIG, Type.INT, DEFAULT_SMPP_WINDOW_SIZE, atLeast(1), Importance.MEDIUM,
                    SMPP_WINDOW_SIZE_DOC)
            .define(SMPP_SESSIONS_CONFIG, Type.INT, DEFAULT_SMPP_SESSIONS, atLeast(1), Importance.MEDIUM,
                    SMPP_SESSIONS_DOC)
            .define(SMPP_ENQUIRE_LINK_INTERVAL_MS_CONFIG, Type.INT, DEFAULT_SMPP_ENQUIRE_LINK_INTERVAL_MS,
                    atLeast(1000), Importance.LOW, SMPP_ENQUIRE_LINK_INTERVAL_MS_DOC)
            .define(SMPP_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_SMPP_REQUEST_TIMEOUT_MS, atLeast(1),
                    Importance.MEDIUM, SMPP_REQUEST_TIMEOUT_MS_DOC)
            .define(SMPP_RECONNECT_BACKOFF_MS_CONFIG, Type.LONG, DEFAULT_SMPP_RECONNECT_BACKOFF_MS, atLeast(1),
                    Importance.LOW, SMPP_RECONNECT_BACKOFF_MS_DOC)
            .define(SMPP_REGISTERED_DELIVERY_CONFIG, Type.BOOLEAN, DEFAULT_SMPP_REGISTERED_DELIVERY,
                    Importance.MEDIUM, SMPP_REGISTERED_DELIVERY_DOC)
            .define(SMPP_HERALD_ID_TLV_CONFIG, Type.STRING, DEFAULT_SMPP_HERALD_ID_TLV, (name, value) -> {
                int tag = parseTag(name, (String) value);
                if (tag != 0 && (tag < VENDOR_TLV_MIN || tag > VENDOR_TLV_MAX)) {
                    throw new ConfigException(name, value, "must be 0 or a vendor-specific tag in 0x1400-0x3FFF");
                }
            }, Importance.LOW, SMPP_HERALD_ID_TLV_DOC)
            .define(SMPP_CONCATENATION_CONFIG, Type.STRING, DEFAULT_SMPP_CONCATENATION,
                    ConfigDef.CaseInsensitiveValidString.in("udh", "sar"), Importance.LOW, SMPP_CONCATENATION_DOC)
            .define(SMTP_HOST_CONFIG, Type.STRING, DEFAULT_SMTP_HOST, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, SMTP_HOST_DOC)
            .define(SMTP_PORT_CONFIG, Type.INT, DEFAULT_SMTP_PORT, ConfigDef.Range.between(1, 65535), Importance.HIGH,
                    SMTP_PORT_DOC)
            .define(SMTP_TLS_CONFIG, Type.STRING, DEFAULT_SMTP_TLS, ConfigDef.ValidString.in(SMTP_TLS_NONE,
                    SMTP_TLS_STARTTLS, SMTP_TLS_STARTTLS_REQUIRED, SMTP_TLS_IMPLICIT), Importance.HIGH, SMTP_TLS_DOC)
            .define(SMTP_SSL_TRUST_CONFIG, Type.STRING, "", Importance.LOW, SMTP_SSL_TRUST_DOC)
            .define(SMTP_USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, SMTP_USERNAME_DOC)
            .define(SMTP_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, SMTP_PASSWORD_DOC)
            .define(SMTP_CONNECTIONS_CONFIG, Type.INT, DEFAULT_SMTP_CONNECTIONS, atLeast(1), Importance.MEDIUM,
                    SMTP_CONNECTIONS_DOC)
            .define(SMTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_SMTP_CONNECT_TIMEOUT_MS, atLeast(1),
                    Importance.MEDIUM, SMTP_CONNECT_TIMEOUT_MS_DOC)
            .define(SMTP_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_SMTP_TIMEOUT_MS, atLeast(1), Importance.MEDIUM,
                    SMTP_TIMEOUT_MS_DOC)
            .define(SMTP_ENVELOPE_FROM_CONFIG, Type.STRING, "", Importance.LOW, SMTP_ENVELOPE_FROM_DOC)
            .define(SMTP_HELO_NAME_CONFIG, Type.STRING, "", Importance.LOW, SMTP_HELO_NAME_DOC)
            .define(HTTP_URL_CONFIG, Type.STRING, "", (name, value) -> {
                String url = ((String) value).trim();
                if (!url.isEmpty()) {
                    parseHttpUrl(name, url);
                }
            }, Importance.HIGH, HTTP_URL_DOC)
            .define(HTTP_AUTH_CONFIG, Type.STRING, DEFAULT_HTTP_AUTH,
                    ConfigDef.ValidString.in(HTTP_AUTH_NONE, HTTP_AUTH_BEARER, HTTP_AUTH_BASIC), Importance.HIGH,
                    HTTP_AUTH_DOC)
            .define(HTTP_BEARER_TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH, HTTP_BEARER_TOKEN_DOC)
            .define(HTTP_BASIC_USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, HTTP_BASIC_USERNAME_DOC)
            .define(HTTP_BASIC_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, HTTP_BASIC_PASSWORD_DOC)
            .define(HTTP_PROVIDER_ID_POINTER_CONFIG, Type.STRING, DEFAULT_HTTP_PROVIDER_ID_POINTER, (name, value) -> {
                try {
                    JsonPointer.compile((String) value);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new ConfigException(name, value, "must be a JSON Pointer (RFC 6901), empty or starting with /");
                }
            }, Importance.MEDIUM, HTTP_PROVIDER_ID_POINTER_DOC)
            .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_HTTP_CONNECT_TIMEOUT_MS, atLeast(1),
                    Importance.MEDIUM, HTTP_CONNECT_TIMEOUT_MS_DOC)
            .define(HTTP_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_HTTP_REQUEST_TIMEOUT_MS, atLeast(1),
                    Importance.MEDIUM, HTTP_REQUEST_TIMEOUT_MS_DOC)
            .define(RETRY_INLINE_MAX_ATTEMPTS_CONFIG, Type.INT, DEFAULT_RETRY_INLINE_MAX_ATTEMPTS, atLeast(1), Importance.MEDIUM,
                    RETRY_INLINE_MAX_ATTEMPTS_DOC)
            .define(RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG, Type.LONG, DEFAULT_RETRY_INLINE_BACKOFF_INITIAL_MS, atLeast(0),
                    Importance.LOW, RETRY_INLINE_BACKOFF_INITIAL_MS_DOC)
            .define(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG, Type.LONG, DEFAULT_RETRY_INLINE_BACKOFF_MAX_MS, atLeast(0), Importance.LOW,
                    RETRY_INLINE_BACKOFF_MAX_MS_DOC)
            .define(RETRY_TIERS_CONFIG, Type.LIST, DEFAULT_RETRY_TIERS, (name, value) -> {
                try {
                    io.herald.dispatcher.retry.RetryTier.parseAll((List<?>) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }, Importance.MEDIUM, RETRY_TIERS_DOC)
            .define(SCHEDULE_TIERS_CONFIG, Type.LIST, DEFAULT_SCHEDULE_TIERS, (name, value) -> {
                try {
                    io.herald.dispatcher.schedule.DelayTier.parseAll((List<?>) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }, Importance.LOW, SCHEDULE_TIERS_DOC)
            .define(RETRY_GROUP_ID_CONFIG, Type.STRING, "", Importance.LOW, RETRY_GROUP_ID_DOC)
            .define(RETRY_MAX_IN_FLIGHT_CONFIG, Type.INT, DEFAULT_RETRY_MAX_IN_FLIGHT, atLeast(1), Importance.LOW,
                    RETRY_MAX_IN_FLIGHT_DOC)
            .define(LEDGER_ENABLED_CONFIG, Type.BOOLEAN, DEFAULT_LEDGER_ENABLED, Importance.MEDIUM,
                    LEDGER_ENABLED_DOC)
            .define(LEDGER_LOAD_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_LEDGER_LOAD_TIMEOUT_MS, atLeast(0),
                    Importance.LOW, LEDGER_LOAD_TIMEOUT_MS_DOC)
            .define(GATEWAY_RATE_LIMIT_TPS_CONFIG, Type.INT, DEFAULT_GATEWAY_RATE_LIMIT_TPS, atLeast(0),
                    Importance.HIGH, GATEWAY_RATE_LIMIT_TPS_DOC)
            .define(GATEWAY_RATE_MIN_TPS_CONFIG, Type.INT, DEFAULT_GATEWAY_RATE_MIN_TPS, atLeast(1),
                    Importance.MEDIUM, GATEWAY_RATE_MIN_TPS_DOC)
            .define(GATEWAY_RATE_INCREASE_TPS_CONFIG, Type.INT, DEFAULT_GATEWAY_RATE_INCREASE_TPS, atLeast(1),
                    Importance.LOW, GATEWAY_RATE_INCREASE_TPS_DOC)
            .define(GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_CONFIG, Type.INT,
                    DEFAULT_GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT, between(1, 100), Importance.LOW,
                    GATEWAY_CIRCUIT_FAILURE_RATE_PERCENT_DOC)
            .define(GATEWAY_CIRCUIT_WINDOW_CALLS_CONFIG, Type.INT, DEFAULT_GATEWAY_CIRCUIT_WINDOW_CALLS, atLeast(1),
                    Importance.LOW, GATEWAY_CIRCUIT_WINDOW_CALLS_DOC)
            .define(GATEWAY_CIRCUIT_MINIMUM_CALLS_CONFIG, Type.INT, DEFAULT_GATEWAY_CIRCUIT_MINIMUM_CALLS,
                    atLeast(1), Importance.LOW, GATEWAY_CIRCUIT_MINIMUM_CALLS_DOC)
            .define(GATEWAY_CIRCUIT_OPEN_MS_CONFIG, Type.LONG, DEFAULT_GATEWAY_CIRCUIT_OPEN_MS, atLeast(1),
                    Importance.LOW, GATEWAY_CIRCUIT_OPEN_MS_DOC)
            .define(GATEWAY_CIRCUIT_HALF_OPEN_CALLS_CONFIG, Type.INT, DEFAULT_GATEWAY_CIRCUIT_HALF_OPEN_CALLS,
                    atLeast(1), Importance.LOW, GATEWAY_CIRCUIT_HALF_OPEN_CALLS_DOC)
            .define(RECEIPTS_ENABLED_CONFIG, Type.BOOLEAN, DEFAULT_RECEIPTS_ENABLED, Importance.MEDIUM,
                    RECEIPTS_ENABLED_DOC)
            .define(RECEIPTS_APPLICATION_ID_CONFIG, Type.STRING, "", Importance.LOW, RECEIPTS_APPLICATION_ID_DOC)
            .define(RECEIPTS_ID_CONVERSION_CONFIG, Type.STRING, DEFAULT_RECEIPTS_ID_CONVERSION,
                    ConfigDef.ValidString.in(RECEIPTS_ID_CONVERSION_AUTO, RECEIPTS_ID_CONVERSION_NONE),
                    Importance.MEDIUM, RECEIPTS_ID_CONVERSION_DOC)
            .define(RECEIPTS_RETENTION_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_RETENTION_MS, atLeast(1),
                    Importance.MEDIUM, RECEIPTS_RETENTION_MS_DOC)
            .define(RECEIPTS_UNMATCHED_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_UNMATCHED_TIMEOUT_MS,
                    atLeast(1), Importance.LOW, RECEIPTS_UNMATCHED_TIMEOUT_MS_DOC)
            .define(RECEIPTS_STORE_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_STORE_TIMEOUT_MS, atLeast(1),
                    Importance.LOW, RECEIPTS_STORE_TIMEOUT_MS_DOC)
            .define(RECEIPTS_CLOSE_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_RECEIPTS_CLOSE_TIMEOUT_MS, atLeast(0),
                    Importance.LOW, RECEIPTS_CLOSE_TIMEOUT_MS_DOC)
            .define(RECEIPTS_STATE_DIR_CONFIG, Type.STRING, "", Importance.LOW, RECEIPTS_STATE_DIR_DOC)
            .define(SUPPRESSION_ENABLED_CONFIG, Type.BOOLEAN, DEFAULT_SUPPRESSION_ENABLED, Importance.MEDIUM,
                    SUPPRESSION_ENABLED_DOC)
            .define(SUPPRESSION_STOP_KEYWORDS_CONFIG, Type.LIST, DEFAULT_SUPPRESSION_STOP_KEYWORDS, (name, value) -> {
                for (Object keyword : (List<?>) value) {
                    if (keyword.toString().isBlank()) {
                        throw new ConfigException(name, value, "keywords must not be blank");
                    }
                }
            }, Importance.MEDIUM, SUPPRESSION_STOP_KEYWORDS_DOC)
            .define(SUPPRESSION_LOAD_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_SUPPRESSION_LOAD_TIMEOUT_MS, atLeast(0),
                    Importance.LOW, SUPPRESSION_LOAD_TIMEOUT_MS_DOC)
            .define(SUPPRESSION_SCOPE_CONFIG, Type.STRING, DEFAULT_SUPPRESSION_SCOPE,
                    ConfigDef.ValidString.in(SUPPRESSION_SCOPE_RECIPIENT, SUPPRESSION_SCOPE_CLIENT), Importance.MEDIUM,
                    SUPPRESSION_SCOPE_DOC);

    private final String instanceId;

    /**
     * Parses and validates a set of keys.
     *
     * @param props the keys and values, as strings or typed values
     * @throws ConfigException if a required key is missing, a value is invalid, or a key is unknown
     */
    public DispatcherConfig(Map<?, ?> props) {
        super(CONFIG, rejectUnknown(props), false);
        if (getLong(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG) < getLong(RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG)) {
            throw new ConfigException(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG, getLong(RETRY_INLINE_BACKOFF_MAX_MS_CONFIG),
                    "must be at least " + RETRY_INLINE_BACKOFF_INITIAL_MS_CONFIG);
        }
        if (getPassword(SMPP_PASSWORD_CONFIG).value().length() > SMPP_PASSWORD_MAX) {
            throw new ConfigException(SMPP_PASSWORD_CONFIG, "[hidden]",
                    "must be at most " + SMPP_PASSWORD_MAX + " characters");
        }
        if (GATEWAY_TYPE_HTTP.equals(getString(GATEWAY_TYPE_CONFIG))) {
            validateHttpGateway();
        }
        String configured = getString(INSTANCE_ID_CONFIG);
        this.instanceId = configured.isBlank() ? defaultInstanceId() : configured;
    }

    /** The http.* keys that gateway.type=http needs together: the URL, and the credentials of the chosen auth. */
    private void validateHttpGateway() {
        if (getString(HTTP_URL_CONFIG).isBlank()) {
            throw new ConfigException(HTTP_URL_CONFIG, getString(HTTP_URL_CONFIG),
                    "is required with " + GATEWAY_TYPE_CONFIG + "=" + GATEWAY_TYPE_HTTP);
        }
        String auth = getString(HTTP_AUTH_CONFIG);
        if (HTTP_AUTH_BEARER.equals(auth) && getPassword(HTTP_BEARER_TOKEN_CONFIG).value().isBlank()) {
            throw new ConfigException(HTTP_BEARER_TOKEN_CONFIG, "[hidden]",
                    "is required with " + HTTP_AUTH_CONFIG + "=" + HTTP_AUTH_BEARER);
        }
        if (HTTP_AUTH_BASIC.equals(auth)) {
            String user = getString(HTTP_BASIC_USERNAME_CONFIG);
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new ConfigException(HTTP_BASIC_USERNAME_CONFIG, user,
                        "is required with " + HTTP_AUTH_CONFIG + "=" + HTTP_AUTH_BASIC + " and may not contain ':'");
            }
        }
    }

    /**
     * Parses {@value #HTTP_URL_CONFIG}.
     *
     * @param name the key, for the error
     * @param url the value, not blank
     * @return the URI: absolute, http or https, with a host
     * @throws ConfigException if it is not such a URI
     */
    static URI parseHttpUrl(String name, String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(name, url, "must be an absolute http or https URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ConfigException(name, url, "must be an absolute http or https URL with a host");
        }
        return uri;
    }

    /** @return {@value #HTTP_URL_CONFIG} as a URI, or null when it is empty */
    public URI httpUrl() {
        String url = getString(HTTP_URL_CONFIG);
        return url.isBlank() ? null : parseHttpUrl(HTTP_URL_CONFIG, url);
    }

    /**
     * Loads the properties file, then applies {@code HERALD_DISPATCHER_*} environment overrides.
     *
     * @param file a {@code .properties} file (ISO 8859-1 with escapes, as {@link Properties#load(InputStream)})
     * @param env the environment, usually {@link System#getenv()}
     * @return the validated configuration
     * @throws IOException if the file cannot be read
     * @throws ConfigException if the result is invalid, as for {@link #DispatcherConfig(Map)}
     */
    public static DispatcherConfig load(Path file, Map<String, String> env) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        Map<String, Object> merged = new HashMap<>();
        props.stringPropertyNames().forEach(name -> merged.put(name, props.getProperty(name).trim()));
        merged.putAll(environmentOverrides(env));
        return new DispatcherConfig(merged);
    }

    /**
     * The keys set by {@code HERALD_DISPATCHER_*} environment variables.
     *
     * @param env the environment
     * @return key to value, e.g. {@code smpp.host -> gw.example.com}
     */
    static Map<String, String> environmentOverrides(Map<String, String> env) {
        Map<String, String> byEnvName = new HashMap<>();
        for (String key : CONFIG.names()) {
            byEnvName.put(envName(key), key);
        }
        Map<String, String> overrides = new HashMap<>();
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX)) {
                return;
            }
            String rest = name.substring(ENV_PREFIX.length());
            String key = byEnvName.get(name);
            if (key == null && (rest.startsWith("KAFKA_") || rest.startsWith("CONSUMER_")
                    || rest.startsWith("PRODUCER_") || rest.startsWith("STREAMS_"))) {
                key = rest.toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key != null) {
                overrides.put(key, value);
            }
        });
        return overrides;
    }

    /**
     * The environment variable that overrides a key.
     *
     * @param key a key such as {@code smpp.window.size}
     * @return e.g. {@code HERALD_DISPATCHER_SMPP_WINDOW_SIZE}
     */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** @return the key definitions, e.g. to print documentation */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /**
     * Consumer settings: {@code kafka.*}, then {@code consumer.*}, then what the dispatcher needs and does not let a
     * user change: manual commits, {@code isolation.level=read_committed} (requests of a transaction the bulk loader
     * aborted are never sent), byte-array keys, {@link io.herald.dispatcher.receive.SafeRequestDeserializer}
     * values, and {@code group.instance.id=<group.instance.id>-requests} when {@value #GROUP_INSTANCE_ID_CONFIG} is set
     * (static membership). Defaults a user may override: cooperative-sticky assignment (classic group protocol only; the
     * {@code consumer} protocol of KIP-848 assigns on the broker), {@code auto.offset.reset=earliest},
     * {@code max.poll.records=min(500, max.in.flight)}, {@code max.partition.fetch.bytes=262144} and
     * {@code fetch.max.bytes=2097152} (see {@link #DEFAULT_REQUESTS_FETCH_MAX_BYTES}),
     * {@code enable.metrics.push=false}.
     *
     * @param valueDeserializerConfig the value serde settings (registry URL etc.) passed to the deserializer
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> consumerProperties(Map<String, Object> valueDeserializerConfig) {
        return consumerProperties(valueDeserializerConfig, getString(GROUP_ID_CONFIG), "-consumer", "-requests",
                getInt(MAX_IN_FLIGHT_CONFIG), DEFAULT_REQUESTS_MAX_PARTITION_FETCH_BYTES,
                DEFAULT_REQUESTS_FETCH_MAX_BYTES);
    }

    /**
     * Settings of the retry topics' consumer: as {@link #consumerProperties(Map)}, with group {@link #retryGroupId()},
     * client id {@code <instance.id>-retry-consumer}, {@code group.instance.id=<group.instance.id>-retry} when that
     * key is set, {@code max.poll.records=min(500, retry.max.in.flight)} and the
     * defaults {@code max.partition.fetch.bytes=65536}, {@code fetch.max.bytes=1048576}: it is assigned every
     * partition of every retry and delay tier (96 with the default tiers and 12 request partitions), which are quiet
     * most of the time, and with Kafka's defaults (1 MiB each, 50 MiB a fetch) a burst of retries could fetch far more
     * than the heap holds.
     *
     * @param valueDeserializerConfig the value serde settings (registry URL etc.) passed to the deserializer
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> retryConsumerProperties(Map<String, Object> valueDeserializerConfig) {
        return consumerProperties(valueDeserializerConfig, retryGroupId(), "-retry-consumer", "-retry",
                getInt(RETRY_MAX_IN_FLIGHT_CONFIG), DEFAULT_SMALL_MAX_PARTITION_FETCH_BYTES,
                DEFAULT_SMALL_FETCH_MAX_BYTES);
    }

    /**
     * Settings of the consumer that reads the sent ledger: defaults {@code max.partition.fetch.bytes=1048576},
     * {@code fetch.max.bytes=8388608} and {@code enable.metrics.push=false}, then {@code kafka.*}, then
     * {@code consumer.*}, then no group (partitions are assigned by hand), no commits,
     * {@code allow.auto.create.topics=false}, byte-array deserializers, client id {@code <instance.id>-ledger}.
     *
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> ledgerConsumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + "-ledger");
        // A load reads every status since the oldest uncommitted record: fetch as much as Kafka's defaults allow a
        // partition, bounded per fetch.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, DEFAULT_LEDGER_MAX_PARTITION_FETCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, DEFAULT_LEDGER_FETCH_MAX_BYTES);
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putAll(originalsWithPrefix(KAFKA_PREFIX));
        props.putAll(originalsWithPrefix(CONSUMER_PREFIX));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // It asks whether the previous release's notify.sent exists; asking must not create it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * Settings of the consumer that reads the suppression list: defaults {@code max.partition.fetch.bytes=65536},
     * {@code fetch.max.bytes=1048576} (its entries are small JSON documents; it reads the whole topic at start-up
     * and then only the odd new entry) and {@code enable.metrics.push=false}, then {@code kafka.*}, then
     * {@code consumer.*}, then no
     * group (every partition is assigned by hand and read from the beginning), no commits,
     * {@code auto.offset.reset=earliest}, {@code allow.auto.create.topics=false} (the topic must be created compacted,
     * by {@code TopicSetup}), byte-array deserializers, client id {@code <instance.id>-suppressions}.
     *
     * @return a new mutable map of consumer properties
     */
    public Map<String, Object> suppressionConsumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + "-suppressions");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, DEFAULT_SMALL_MAX_PARTITION_FETCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, DEFAULT_SMALL_FETCH_MAX_BYTES);
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putAll(originalsWithPrefix(KAFKA_PREFIX));
        props.putAll(originalsWithPrefix(CONSUMER_PREFIX));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A topic the broker created on a metadata request would not be compacted: suppressions would expire.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * Admin client settings, for creating the retry topics and the sent ledger: default
     * {@code enable.metrics.push=false}, then {@code kafka.*}, then the bootstrap servers and client id
     * {@code <instance.id>-admin}.
     *
     * @return a new mutable map of admin client properties
     */
    public Map<String, Object> adminProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putAll(originalsWithPrefix(KAFKA_PREFIX));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, instanceId + "-admin");
        return props;
    }

    /** @return {@value #ORDERING_CONFIG} as the record sender takes it */
    public RecordSender.Ordering ordering() {
        return RecordSender.Ordering.valueOf(getString(ORDERING_CONFIG).toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The poll loops' stall check, from the consumer settings: a gap between polls longer than
     * {@code session.timeout.ms} (default 45000) means the member may have been fenced, and dispatching then waits
     * two {@code heartbeat.interval.ms} (default 3000).
     *
     * @return the threshold and the hold
     */
    public StallSettings stallSettings() {
        Map<String, Object> consumer = consumerProperties(Map.of());
        long session = longValue(consumer.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 45_000L);
        long heartbeat = longValue(consumer.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000L);
        return new StallSettings(session, 2 * heartbeat);
    }

    /**
     * The poll loops' stall check.
     *
     * @param thresholdMs a gap between polls longer than this, in ms, means the member may have been fenced
     * @param holdMs how long dispatching then waits, in ms
     */
    public record StallSettings(long thresholdMs, long holdMs) {
    }

    private static long longValue(Object value, long orElse) {
        try {
            return value == null ? orElse : Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return orElse;
        }
    }

    /** @return the retry consumer's group: {@value #RETRY_GROUP_ID_CONFIG}, or {@code <group.id>-retry} */
    public String retryGroupId() {
        String configured = getString(RETRY_GROUP_ID_CONFIG);
        return configured.isBlank() ? getString(GROUP_ID_CONFIG) + "-retry" : configured;
    }

    /** @return the configured delay tiers, shortest first; at least one */
    public List<io.herald.dispatcher.schedule.DelayTier> delayTiers() {
        return io.herald.dispatcher.schedule.DelayTier.parseAll(getList(SCHEDULE_TIERS_CONFIG));
    }

    /** @return the configured retry tiers, in order; empty if retry topics are off */
    public List<io.herald.dispatcher.retry.RetryTier> retryTiers() {
        return io.herald.dispatcher.retry.RetryTier.parseAll(getList(RETRY_TIERS_CONFIG));
    }

    private Map<String, Object> consumerProperties(Map<String, Object> valueDeserializerConfig, String groupId,
                                                   String clientIdSuffix, String instanceIdSuffix, int maxInFlight,
                                                   int maxPartitionFetchBytes, int fetchMaxBytes) {
        Map<String, Object> props = new HashMap<>(valueDeserializerConfig);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxPartitionFetchBytes);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchMaxBytes);
        // KIP-714 client metrics push: each client keeps a copy of every metric's state for it (in BacklogMemoryIT,
        // about 7.5 MiB over all of the dispatcher's clients), even when no broker ever asks for them.
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.min(ConsumerConfig.DEFAULT_MAX_POLL_RECORDS, maxInFlight));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + clientIdSuffix);
        props.putAll(originalsWithPrefix(KAFKA_PREFIX));
        props.putAll(originalsWithPrefix(CONSUMER_PREFIX));
        String protocol = String.valueOf(props.getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                ConsumerConfig.DEFAULT_GROUP_PROTOCOL));
        if (GroupProtocol.of(protocol) == GroupProtocol.CLASSIC) {
            props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    CooperativeStickyAssignor.class.getName());
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        groupInstanceId(instanceIdSuffix).ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The ingest service's bulk loader writes requests in Kafka Streams transactions (exactly_once_v2); a
        // transaction aborted by a crash must not be sent, or a restarted load would send its lines twice.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                io.herald.dispatcher.receive.SafeRequestDeserializer.class.getName());
        return props;
    }

    /**
     * Producer settings for status and DLQ records: {@code kafka.*}, then {@code producer.*}, then what at-least-once
     * needs: {@code acks=all}, {@code enable.idempotence=true}, byte-array serializers (status values are serialized
     * by the caller). Defaults a user may override: {@code linger.ms=5}, {@code enable.metrics.push=false}.
     *
     * @return a new mutable map of producer properties
     */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, instanceId + "-producer");
        props.putAll(originalsWithPrefix(KAFKA_PREFIX));
        props.putAll(originalsWithPrefix(PRODUCER_PREFIX));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * Settings of the delivery receipts' producer: {@link #producerProperties()} with {@code linger.ms=0} (a receipt
     * holds one of the SMPP session's PDU threads until Kafka acknowledged it) and client id
     * {@code <instance.id>-receipts-producer}.
     *
     * @return a new mutable map of Kafka producer properties
     */
    public Map<String, Object> receiptProducerProperties() {
        Map<String, Object> props = producerProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, instanceId + "-receipts-producer");
        return props;
    }

    /**
     * Settings of the receipt correlator (Kafka Streams): defaults {@code processing.guarantee=exactly_once_v2},
     * {@code num.stream.threads=1}, {@code statestore.cache.max.bytes=1048576}, consumer
     * {@code max.partition.fetch.bytes=131072} and {@code fetch.max.bytes=1048576}, producer
     * {@code buffer.memory=4194304}, {@code max.poll.records=200}, {@code buffered.records.per.partition=100},
     * {@code enable.metrics.push=false} (for the Streams client and all its Kafka clients),
     * skipping records that cannot be deserialized (logged), the internal topics' {@code replication.factor} and
     * {@code topic.min.insync.replicas} from {@code internalTopics} (if given), then {@code kafka.*}, then
     * {@code streams.*}, then the bootstrap servers, {@code application.id} ({@value #RECEIPTS_APPLICATION_ID_CONFIG}
     * or {@code <group.id>-receipts}), {@code state.dir} ({@value #RECEIPTS_STATE_DIR_CONFIG} or
     * {@code <java.io.tmpdir>/herald-receipts/<instance.id>}), client id {@code <instance.id>-receipts} and, when
     * {@value #GROUP_INSTANCE_ID_CONFIG} is set, the main consumer's {@code group.instance.id}
     * {@code <group.instance.id>-receipts} (Kafka Streams appends {@code -<thread index>}).
     *
     * @param internalTopics how to replicate the correlator's changelog and repartition topics, or null for the
     *     broker's defaults
     * @return a new mutable map of Kafka Streams properties
     */
    public Map<String, Object> streamsProperties(TopicSetup.Durability internalTopics) {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, STREAMS_COMMIT_INTERVAL_MS);
        // The record cache is heap, flushed at each commit: a small one loses little.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024L);
        // Small fetches and a small producer buffer: the correlator shares the dispatcher's heap, and with Kafka's
        // defaults (1 MiB per partition, 50 MiB per fetch, 32 MiB of producer buffer) a backlog of statuses fills it.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 128 * 1024);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 1024 * 1024);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 4L * 1024 * 1024);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 200);
        props.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 100);
        // KIP-714/KIP-1076 metrics push: with it, the correlator's 36 tasks' metrics were copied into a telemetry
        // ledger of about 5.5 MiB (BacklogMemoryIT heap dump), whether or not the cluster subscribes to them.
        props.put(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                SkipPoisonRecordsHandler.class.getName());
        if (internalTopics != null) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) internalTopics.replicationFactor());
            props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    Integer.toString(internalTopics.minInsyncReplicas()));
        }
        props.putAll(originalsWithPrefix(KAFKA_PREFIX));
        props.putAll(originalsWithPrefix(STREAMS_PREFIX));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
        String applicationId = getString(RECEIPTS_APPLICATION_ID_CONFIG);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG,
                applicationId.isBlank() ? getString(GROUP_ID_CONFIG) + "-receipts" : applicationId);
        String stateDir = getString(RECEIPTS_STATE_DIR_CONFIG);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "herald-receipts", instanceId).toString() : stateDir);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, instanceId + "-receipts");
        // Kafka Streams appends "-<thread index>" to its main consumers' group.instance.id.
        groupInstanceId("-receipts").ifPresent(id ->
                props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        return props;
    }

    /** @return the registry base URL */
    public String registryUrl() {
        return getString(REGISTRY_URL_CONFIG);
    }

    /**
     * @param suffix what tells this process's consumers apart, e.g. {@code -requests}
     * @return {@value #GROUP_INSTANCE_ID_CONFIG} followed by {@code suffix}, or empty when the key is empty (dynamic
     *     membership)
     */
    private Optional<String> groupInstanceId(String suffix) {
        String id = getString(GROUP_INSTANCE_ID_CONFIG);
        return id.isBlank() ? Optional.empty() : Optional.of(id + suffix);
    }

    /** @return whether {@value #GROUP_INSTANCE_ID_CONFIG} is set: static group membership */
    public boolean staticMembership() {
        return !getString(GROUP_INSTANCE_ID_CONFIG).isBlank();
    }

    /** @return this process's name: {@value #INSTANCE_ID_CONFIG}, or hostname-pid when that is empty */
    public String instanceId() {
        return instanceId;
    }

    /** @return the TLV tag for Herald's messageId, 0 when disabled */
    public int heraldIdTlvTag() {
        return parseTag(SMPP_HERALD_ID_TLV_CONFIG, getString(SMPP_HERALD_ID_TLV_CONFIG));
    }

    private static int parseTag(String name, String value) {
        try {
            String v = value.trim().toLowerCase(Locale.ROOT);
            return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw new ConfigException(name, value, "must be a hex (0x1F01) or decimal TLV tag");
        }
    }

    private static ConfigDef.Validator maxLength(int max, boolean allowEmpty) {
        return (name, value) -> {
            String s = (String) value;
            if (s == null || (!allowEmpty && s.isEmpty()) || s.length() > max) {
                throw new ConfigException(name, value, "must be " + (allowEmpty ? "" : "1 to ") + "at most " + max
                        + " characters");
            }
        };
    }

    private static Map<?, ?> rejectUnknown(Map<?, ?> props) {
        Set<String> unknown = new TreeSet<>();
        for (Object key : props.keySet()) {
            String name = String.valueOf(key);
            boolean passThrough = name.startsWith(KAFKA_PREFIX) || name.startsWith(CONSUMER_PREFIX)
                    || name.startsWith(PRODUCER_PREFIX) || name.startsWith(STREAMS_PREFIX)
                    || isGatewayKey(name, gatewayNames(props));
            if (!passThrough && !CONFIG.names().contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration keys " + unknown + "; Kafka client settings need a "
                    + "kafka., consumer., producer. or streams. prefix. Known keys: " + new TreeSet<>(CONFIG.names()));
        }
        return props;
    }

    /** The names listed in {@value #GATEWAYS_CONFIG}, read from the raw properties. */
    private static Set<String> gatewayNames(Map<?, ?> props) {
        Object value = props.get(GATEWAYS_CONFIG);
        Set<String> names = new TreeSet<>();
        if (value instanceof List<?> list) {
            list.forEach(name -> names.add(String.valueOf(name).trim()));
        } else if (value != null) {
            for (String name : String.valueOf(value).split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    /** Whether {@code key} is {@code gateway.N.K} for a listed gateway N and a known key K other than gateways/routes. */
    private static boolean isGatewayKey(String key, Set<String> names) {
        for (String name : names) {
            String prefix = "gateway." + name + ".";
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                return rest.equals("type") || (CONFIG.names().contains(rest) && !rest.equals(GATEWAYS_CONFIG)
                        && !rest.equals(ROUTES_CONFIG)) || rest.startsWith(KAFKA_PREFIX);
            }
        }
        return false;
    }

    /**
     * The configuration of one gateway of {@value #GATEWAYS_CONFIG}: every top-level key, overridden by the keys with
     * the prefix {@code gateway.<name>.} (that prefix stripped; {@code gateway.<name>.type} becomes
     * {@value #GATEWAY_TYPE_CONFIG}), without {@value #GATEWAYS_CONFIG} and {@value #ROUTES_CONFIG}.
     *
     * @param name a name listed in {@value #GATEWAYS_CONFIG}
     * @return the gateway's configuration
     * @throws ConfigException if the name is not listed, or the merged keys are invalid (e.g. {@code http} without a
     *     URL)
     */
    public DispatcherConfig forGateway(String name) {
        if (!getList(GATEWAYS_CONFIG).contains(name)) {
            throw new ConfigException(GATEWAYS_CONFIG, getList(GATEWAYS_CONFIG), "does not list '" + name + "'");
        }
        Map<String, Object> merged = new HashMap<>();
        String own = "gateway." + name + ".";
        originals().forEach((key, value) -> {
            if (!key.startsWith("gateway.") || key.equals(GATEWAY_TYPE_CONFIG) || CONFIG.names().contains(key)) {
                merged.put(key, value);
            }
        });
        originals().forEach((key, value) -> {
            if (key.startsWith(own)) {
                String rest = key.substring(own.length());
                merged.put(rest.equals("type") ? GATEWAY_TYPE_CONFIG : rest, value);
            }
        });
        merged.remove(GATEWAYS_CONFIG);
        merged.remove(ROUTES_CONFIG);
        return new DispatcherConfig(merged);
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** @return every key this class defines, sorted */
    public static List<String> keys() {
        return List.copyOf(new TreeSet<>(CONFIG.names()));
    }
}
