package io.herald.dispatcher.config;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.herald.dispatcher.lane.PriorityConfig;
import io.herald.dispatcher.ledger.LedgerConfig;
import io.herald.dispatcher.receipt.ReceiptConfig;
import io.herald.dispatcher.retry.RetryConfig;
import io.herald.dispatcher.send.RecordSender;
import io.herald.dispatcher.send.guard.GatewayGuardConfig;
import io.herald.dispatcher.send.http.HttpGatewayConfig;
import io.herald.dispatcher.send.mail.SmtpConfig;
import io.herald.dispatcher.send.push.PushConfig;
import io.herald.dispatcher.send.sms.SmppConfig;
import io.herald.dispatcher.suppression.SuppressionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The dispatcher's configuration, in the style of Kafka's {@link ConsumerConfig}: every key has a {@code *_CONFIG}
 * name, a {@code *_DOC} sentence, a {@code DEFAULT_*} value (unless it is required) and a validator; the unit is part
 * of the key. This class defines the process's own keys (Kafka, registry, group, threads, ordering, admin server,
 * gateway choice and routes) and composes each feature's fragment, defined next to its code: {@link SmppConfig},
 * {@link HttpGatewayConfig}, {@link SmtpConfig}, {@link PushConfig}, {@link RetryConfig} (retry and delay tiers),
 * {@link LedgerConfig},
 * {@link GatewayGuardConfig} (rate limit, circuit breaker), {@link ReceiptConfig} and {@link SuppressionConfig}. The
 * properties of the Kafka clients come from {@link #kafkaClients()}. Every key, with its type, default and
 * environment variable, is listed in {@code docs/configuration.md}, whose tables {@link ConfigurationDocGenerator}
 * writes from these definitions.
 *
 * <p>Sources, later ones winning: the {@code .properties} file given as the program's only argument, then environment
 * variables {@code HERALD_DISPATCHER_<KEY>} (the key upper-cased, dots and dashes turned into underscores, e.g.
 * {@code HERALD_DISPATCHER_SMPP_HOST} for {@code smpp.host}). An environment variable that names no key but starts
 * with {@code KAFKA_}, {@code CONSUMER_}, {@code PRODUCER_} or {@code STREAMS_} is a pass-through key, lower-cased
 * with underscores turned into dots ({@code HERALD_DISPATCHER_KAFKA_SECURITY_PROTOCOL} is
 * {@code kafka.security.protocol}).
 *
 * <p>Any other key is an error, so that a typo fails at start-up instead of being ignored.
 */
public final class DispatcherConfig extends AbstractConfig {

    /** Prefix of environment variables that override keys. */
    public static final String ENV_PREFIX = "HERALD_DISPATCHER_";

    public static final String KAFKA_PREFIX = "kafka.";
    public static final String CONSUMER_PREFIX = "consumer.";
    static final String CONSUMER_PREFIX_DOC = "Passed to the consumer only, prefix stripped; wins over kafka.*. "
            + "enable.auto.commit and the deserializers cannot be changed.";
    public static final String PRODUCER_PREFIX = "producer.";
    static final String PRODUCER_PREFIX_DOC = "Passed to the status/DLQ producer only, prefix stripped; wins over "
            + "kafka.*. acks, enable.idempotence and the serializers cannot be changed.";

    public static final String STREAMS_PREFIX = "streams.";
    static final String STREAMS_PREFIX_DOC = "Passed to the receipt correlator (Kafka Streams) only, prefix stripped; "
            + "wins over kafka.*, e.g. streams.num.stream.threads=2, streams.processing.guarantee=at_least_once.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, at least one.";

    public static final String REGISTRY_URL_CONFIG = "registry.url";
    static final String REGISTRY_URL_DOC = "Base URL of the Apicurio registry, e.g. `http://127.0.0.1:8081`.";

    public static final String GROUP_ID_CONFIG = "group.id";
    static final String GROUP_ID_DOC = "Kafka consumer group shared by every dispatcher process.";
    public static final String DEFAULT_GROUP_ID = "herald-dispatcher";

    public static final String INSTANCE_ID_CONFIG = "instance.id";
    static final String INSTANCE_ID_DOC = "Name of this process in logs, in `client.id` (`<instance.id>-consumer`, "
            + "`-producer`, …) and in `/stats`.";

    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    static final String GROUP_INSTANCE_ID_DOC = "Static group membership (KIP-345): a name of this process that "
            + "stays the same when it restarts, e.g. a StatefulSet pod's name, different for every process of the "
            + "group. Sets Kafka's `group.instance.id` of the requests consumer (`<group.instance.id>-requests`), "
            + "the retry consumer (`-retry`) and the receipt correlator's stream threads (`-receipts-<n>`). A "
            + "restarted member gets its partitions back as soon as it joins, without a rebalance; one that crashed "
            + "and does not come back keeps them until `consumer.session.timeout.ms` (45000 by default). SIGTERM "
            + "still leaves the group at once. Empty: every crash holds the dead member's partitions for "
            + "`consumer.session.timeout.ms`, then moves them in a rebalance. See "
            + "[operations.md](operations.md#recovery-after-a-crash).";
    /** Longest {@value #GROUP_INSTANCE_ID_CONFIG}: Kafka's ids are at most 249 characters, the suffixes take more. */
    private static final int GROUP_INSTANCE_ID_MAX = 200;

    public static final String SENDER_THREADS_CONFIG = "sender.threads";
    static final String SENDER_THREADS_DOC = "Threads that submit messages to the gateway; records of different "
            + "recipients run in parallel on them.";
    public static final int DEFAULT_SENDER_THREADS = 16;

    public static final String MAX_IN_FLIGHT_CONFIG = "max.in.flight";
    static final String MAX_IN_FLIGHT_DOC = "Records consumed but not completed at which every assigned partition is "
            + "paused (resumed at half); one partition may hold at most its share (`max.in.flight` / partitions "
            + "assigned, at least 64): beyond it that partition alone is paused until half its share is left, so that "
            + "one partition's few recipients cannot fill the count while other partitions wait. Also caps "
            + "`max.poll.records` unless that is set. Each priority lane's poll loop counts its own.";
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

    public static final String ORDERING_CONFIG = "ordering";
    static final String ORDERING_DOC = "When a recipient's next message may go to the gateway. `accepted`: once the "
            + "gateway accepted the previous one and its outcome records (the SENT status, with its sent-ledger "
            + "entry) were handed to the producer, which writes them in order; the offset still commits only after "
            + "Kafka acknowledged them. `strict`: only once Kafka acknowledged them. What each promises after `kill "
            + "-9`: [delivery-semantics.md](delivery-semantics.md#order).";
    public static final String ORDERING_ACCEPTED = "accepted";
    public static final String ORDERING_STRICT = "strict";
    public static final String DEFAULT_ORDERING = ORDERING_ACCEPTED;

    public static final String ORDERING_MAX_UNACKNOWLEDGED_CONFIG = "ordering.max.unacknowledged";
    static final String ORDERING_MAX_UNACKNOWLEDGED_DOC = "With `ordering=accepted`, how many messages of one "
            + "recipient may be accepted by the gateway and not yet acknowledged by Kafka before the next one waits.";
    public static final int DEFAULT_ORDERING_MAX_UNACKNOWLEDGED = 8;

    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    static final String COMMIT_INTERVAL_MS_DOC = "How often completed offsets are committed (`commitAsync`).";
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 1000L;

    public static final String SHUTDOWN_TIMEOUT_MS_CONFIG = "shutdown.timeout.ms";
    static final String SHUTDOWN_TIMEOUT_MS_DOC = "Upper bound on waiting for in-flight sends on SIGTERM and when "
            + "partitions are revoked; what has not completed is re-delivered to the next owner.";
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000L;

    public static final String ADMIN_PORT_CONFIG = "admin.port";
    static final String ADMIN_PORT_DOC = "Port of the admin HTTP server (`GET /health`, `GET /stats`); `0` disables "
            + "it.";
    public static final int DEFAULT_ADMIN_PORT = 8082;

    public static final String ADMIN_HOST_CONFIG = "admin.host";
    static final String ADMIN_HOST_DOC = "Address the admin server binds to: `0.0.0.0` every interface (containers), "
            + "`127.0.0.1` loopback only.";
    public static final String DEFAULT_ADMIN_HOST = "0.0.0.0";

    public static final String GATEWAY_TYPE_SMPP = "smpp";
    public static final String GATEWAY_TYPE_HTTP = "http";
    public static final String GATEWAY_TYPE_SMTP = "smtp";
    public static final String GATEWAY_TYPE_APNS = "apns";
    public static final String GATEWAY_TYPE_FCM = "fcm";
    public static final String GATEWAY_TYPE_CONFIG = "gateway.type";
    static final String GATEWAY_TYPE_DOC = "The gateway: `smpp` an SMSC (`smpp.*`), `http` an SMS provider's HTTP "
            + "API (`http.*`, no delivery receipts), `smtp` a mail server for e-mail (`smtp.*`), `apns` Apple's push "
            + "service for iOS devices (`apns.*`), `fcm` Firebase Cloud Messaging for Android devices (`fcm.*`). A "
            + "request of a channel (or push platform) no gateway sends fails with `CHANNEL_NOT_SUPPORTED` (FAILED + "
            + "DLQ); to send several channels, name one gateway of each in `gateways`.";
    public static final String DEFAULT_GATEWAY_TYPE = GATEWAY_TYPE_SMPP;

    public static final String GATEWAYS_CONFIG = "gateways";
    static final String GATEWAYS_DOC = "Names of the gateways to route between, e.g. `primary,backup`; each takes "
            + "its own keys as `gateway.<name>.<key>` (below). A gateway named after a type (`smpp`, `http`, `smtp`, "
            + "`apns`, `fcm`) is of that type unless `gateway.<name>.type` says otherwise.";

    public static final String ROUTES_CONFIG = "routes";
    static final String ROUTES_DOC = "Gateways per recipient prefix in order of preference, e.g. "
            + "`+47=primary|backup,*=backup`; longest prefix wins, `*` is required. SMS only.";

    private static final ConfigDef CONFIG = define(new ConfigDef());

    private final String instanceId;
    private final KafkaClientProperties kafkaClients;

    /**
     * Parses and validates a set of keys.
     *
     * @param props the keys and values, as strings or typed values
     * @throws ConfigException if a required key is missing, a value is invalid, or a key is unknown
     */
    public DispatcherConfig(Map<?, ?> props) {
        super(CONFIG, rejectUnknown(props), false);
        RetryConfig.check(this);
        SmppConfig.check(this);
        switch (getString(GATEWAY_TYPE_CONFIG)) {
            case GATEWAY_TYPE_HTTP -> HttpGatewayConfig.checkGateway(this);
            case GATEWAY_TYPE_APNS -> PushConfig.checkApns(this);
            case GATEWAY_TYPE_FCM -> PushConfig.checkFcm(this);
            default -> { }
        }
        String configured = getString(INSTANCE_ID_CONFIG);
        this.instanceId = configured.isBlank() ? defaultInstanceId() : configured;
        this.kafkaClients = new KafkaClientProperties(this);
    }

    /**
     * Every key of the dispatcher: this class's own, then each feature's fragment.
     *
     * @param def the definition to add them to
     * @return {@code def}
     */
    private static ConfigDef define(ConfigDef def) {
        def
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
                    if (value == null || ((List<?>) value).isEmpty()) {
                        throw new ConfigException(name, value, "must list at least one host:port");
                    }
                }, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
                .define(REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, REGISTRY_URL_DOC)
                .define(GROUP_ID_CONFIG, Type.STRING, DEFAULT_GROUP_ID, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        GROUP_ID_DOC)
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
                .define(SHUTDOWN_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_SHUTDOWN_TIMEOUT_MS, atLeast(0),
                        Importance.MEDIUM, SHUTDOWN_TIMEOUT_MS_DOC)
                .define(ADMIN_PORT_CONFIG, Type.INT, DEFAULT_ADMIN_PORT, between(0, 65535), Importance.LOW,
                        ADMIN_PORT_DOC)
                .define(ADMIN_HOST_CONFIG, Type.STRING, DEFAULT_ADMIN_HOST,
                        new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.LOW, ADMIN_HOST_DOC)
                .define(GATEWAY_TYPE_CONFIG, Type.STRING, DEFAULT_GATEWAY_TYPE,
                        ConfigDef.ValidString.in(GATEWAY_TYPE_SMPP, GATEWAY_TYPE_HTTP, GATEWAY_TYPE_SMTP,
                                GATEWAY_TYPE_APNS, GATEWAY_TYPE_FCM),
                        Importance.HIGH, GATEWAY_TYPE_DOC)
                .define(GATEWAYS_CONFIG, Type.LIST, "", Importance.MEDIUM, GATEWAYS_DOC)
                .define(ROUTES_CONFIG, Type.LIST, "", Importance.MEDIUM, ROUTES_DOC);
        SmppConfig.define(def);
        SmtpConfig.define(def);
        HttpGatewayConfig.define(def);
        PushConfig.define(def);
        RetryConfig.define(def);
        LedgerConfig.define(def);
        PriorityConfig.define(def);
        GatewayGuardConfig.define(def);
        ReceiptConfig.define(def);
        return SuppressionConfig.define(def);
    }

    /**
     * The tables of {@code docs/configuration.md}, in the order the document gives them.
     *
     * @return every key of {@link #configDef()}, each in one table
     */
    public static List<KeyTable> keyTables() {
        return List.of(processTable(), gatewaysTable(), SmppConfig.table(), HttpGatewayConfig.table(),
                SmtpConfig.table(), PushConfig.table(), RetryConfig.table(), LedgerConfig.table(),
                PriorityConfig.table(), GatewayGuardConfig.table(), ReceiptConfig.table(), SuppressionConfig.table());
    }

    private static KeyTable processTable() {
        return new KeyTable("process")
                .key(BOOTSTRAP_SERVERS_CONFIG, "list of `host:port`")
                .key(REGISTRY_URL_CONFIG, "string, URL")
                .key(GROUP_ID_CONFIG, "string")
                .key(INSTANCE_ID_CONFIG, "string", ": hostname-pid")
                .key(GROUP_INSTANCE_ID_CONFIG,
                        "string: letters, digits, `.`, `_`, `-`; at most 200", ": dynamic membership")
                .key(SENDER_THREADS_CONFIG, "int, threads")
                .key(MAX_IN_FLIGHT_CONFIG, "int, records")
                .key(ORDERING_CONFIG, "string: `accepted` or `strict`")
                .key(ORDERING_MAX_UNACKNOWLEDGED_CONFIG, "int, messages")
                .key(COMMIT_INTERVAL_MS_CONFIG, "long, ms")
                .key(SHUTDOWN_TIMEOUT_MS_CONFIG, "long, ms")
                .key(ADMIN_PORT_CONFIG, "int, TCP port")
                .key(ADMIN_HOST_CONFIG, "string, host or IP address");
    }

    private static KeyTable gatewaysTable() {
        return new KeyTable("gateways")
                .key(GATEWAY_TYPE_CONFIG, "string: `smpp`, `http`, `smtp`, `apns` or `fcm`")
                .key(GATEWAYS_CONFIG, "list of names", ": one gateway, of `gateway.type`")
                .key(ROUTES_CONFIG,
                        "list of `PREFIX=NAME|NAME`", ": `*=` every SMS gateway, in the order of `gateways`");
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
     * The keys set by {@code HERALD_DISPATCHER_*} environment variables (as {@link #load} applies them over the file).
     *
     * @param env the environment
     * @return key to value, e.g. {@code smpp.host -> gw.example.com}
     */
    public static Map<String, String> environmentOverrides(Map<String, String> env) {
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

    /** @return the properties of each of this process's Kafka clients */
    public KafkaClientProperties kafkaClients() {
        return kafkaClients;
    }

    /** @return {@value #ORDERING_CONFIG} as the record sender takes it */
    public RecordSender.Ordering ordering() {
        return RecordSender.Ordering.valueOf(getString(ORDERING_CONFIG).toUpperCase(Locale.ROOT));
    }

    /**
     * The poll loops' stall check, from the consumer settings: a gap between polls longer than
     * {@code session.timeout.ms} (default 45000) means the member may have been fenced, and dispatching then waits
     * two {@code heartbeat.interval.ms} (default 3000).
     *
     * @return the threshold and the hold
     */
    public StallSettings stallSettings() {
        Map<String, Object> consumer = kafkaClients().consumer(Map.of());
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

    /** @return the retry consumer's group: {@value RetryConfig#RETRY_GROUP_ID_CONFIG}, or {@code <group.id>-retry} */
    public String retryGroupId() {
        String configured = getString(RetryConfig.RETRY_GROUP_ID_CONFIG);
        return configured.isBlank() ? getString(GROUP_ID_CONFIG) + "-retry" : configured;
    }

    /** @return the registry base URL */
    public String registryUrl() {
        return getString(REGISTRY_URL_CONFIG);
    }

    /** @return whether {@value #GROUP_INSTANCE_ID_CONFIG} is set: static group membership */
    public boolean staticMembership() {
        return !getString(GROUP_INSTANCE_ID_CONFIG).isBlank();
    }

    /** @return this process's name: {@value #INSTANCE_ID_CONFIG}, or hostname-pid when that is empty */
    public String instanceId() {
        return instanceId;
    }

    private static Map<?, ?> rejectUnknown(Map<?, ?> props) {
        Set<String> unknown = new TreeSet<>();
        for (Object key : props.keySet()) {
            String name = String.valueOf(key);
            boolean passThrough = name.startsWith(KAFKA_PREFIX) || name.startsWith(CONSUMER_PREFIX)
                    || name.startsWith(PRODUCER_PREFIX) || name.startsWith(STREAMS_PREFIX)
                    || GatewayConfig.isGatewayKey(name, GatewayConfig.listedNames(props), CONFIG.names());
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
        return new DispatcherConfig(GatewayConfig.merge(originals(), name, CONFIG.names()));
    }

    /**
     * The gateways this process sends through, in the order of {@value #GATEWAYS_CONFIG}: with that key empty, the
     * one gateway of {@value #GATEWAY_TYPE_CONFIG}, named after its type and configured by the top-level keys (this
     * configuration); else each listed one, configured by {@link #forGateway}.
     *
     * @return at least one gateway
     * @throws ConfigException if the keys of a listed gateway are invalid (e.g. {@code http} without a URL)
     */
    public List<GatewayConfig> gateways() {
        List<String> names = getList(GATEWAYS_CONFIG);
        return names.isEmpty() ? List.of(new GatewayConfig(getString(GATEWAY_TYPE_CONFIG), this))
                : names.stream().map(name -> new GatewayConfig(name, forGateway(name))).toList();
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
