package io.herald.ingest.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.lifecycle.PortDescriptor;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.herald.schema.TopicSetup;
import io.herald.serde.SkipPoisonRecordsHandler;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The {@code streams:} section of the ingest configuration: the service's two Kafka Streams applications, the status
 * view (which answers {@code GET /v1/batches/{id}} and {@code GET /v1/messages/{id}}) and the bulk loader (lines on
 * {@code notify.bulk}). Their Kafka settings come from {@code kafka:} ({@link #streamsConfig}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code stateDir}</td><td>{@code <java.io.tmpdir>/herald-ingest/<host>-<port>}</td><td>Root of the
 *       applications' local state (RocksDB): {@code <stateDir>/status} and {@code <stateDir>/bulk}. Give each
 *       instance its own, on a persistent volume in production (a lost directory is restored from the changelog
 *       topics, which takes time). State of another Kafka cluster is deleted at start.</td></tr>
 *   <tr><td>{@code applicationServer}</td><td>{@code <bind host>:<application port>}</td><td>{@code host:port}
 *       where other instances reach this one's application connector, for requests about batches and messages whose
 *       state this instance holds (Streams {@code application.server}). Set it to the pod's address behind a
 *       load balancer.</td></tr>
 *   <tr><td>{@code statusEnabled}</td><td>true</td><td>Run the status view; without it the two GET endpoints answer
 *       503.</td></tr>
 *   <tr><td>{@code statusApplicationId}</td><td>{@code herald-ingest-status}</td><td>Its {@code application.id}
 *       (consumer group, prefix of its internal topics); the same on every instance.</td></tr>
 *   <tr><td>{@code bulkEnabled}</td><td>true</td><td>Run the bulk loader.</td></tr>
 *   <tr><td>{@code bulkApplicationId}</td><td>{@code herald-ingest-bulk}</td><td>Its {@code application.id}.</td></tr>
 *   <tr><td>{@code bulkDefaultFrom}</td><td>{@code HERALD}</td><td>The sender of SMS bulk-load lines without
 *       {@code from} (a sender id as {@code POST /v1/batches} takes it); e-mail lines must give their own.</td></tr>
 *   <tr><td>{@code bulkClientId}</td><td>{@code default}</td><td>The API client (an {@code auth.clients} id) that
 *       bulk-loaded requests and batches belong to: only its keys read their status, and its callback key would sign
 *       their callbacks.</td></tr>
 *   <tr><td>{@code closeTimeout}</td><td>5 seconds</td><td>How long shutdown waits, in all, for both applications
 *       to close; with the default the service exits within 10 s of SIGTERM. They close in parallel and
 *       leave their consumer groups; one still busy then (a stream thread in the middle of a long batch of records)
 *       is left to end with the process: under {@code exactly_once_v2} its open transaction is aborted and its
 *       records are processed again by the partitions' next owner.</td></tr>
 * </table>
 */
public class StreamsFactory {

    /**
     * The Streams applications' {@code commit.interval.ms} (Kafka Streams' default under exactly-once is 100). Each
     * commit is a transaction: markers on every partition the task wrote and its offsets, a few broker round trips. At
     * 100 ms the status view spent most of its time committing while a demo of 10,000 SMS ran, and showed the batches'
     * counts up to 30 s late; a status shows up to this much later, and a crash replays up to this much work.
     */
    public static final long STREAMS_COMMIT_INTERVAL_MS = 1000;


    @NotNull
    private String stateDir = "";

    @Pattern(regexp = "|[^:\\s]+:\\d{1,5}", message = "must be host:port, or empty")
    private String applicationServer = "";

    private boolean statusEnabled = true;

    @NotEmpty
    private String statusApplicationId = "herald-ingest-status";

    private boolean bulkEnabled = true;

    @NotEmpty
    private String bulkApplicationId = "herald-ingest-bulk";

    @NotNull
    private String bulkDefaultFrom = "HERALD";

    @NotNull
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be a client id: 1-64 of A-Z a-z 0-9 . _ -")
    private String bulkClientId = "default";

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    private Duration closeTimeout = Duration.seconds(5);

    /**
     * Where this instance's application connector listens, as the Streams applications name it.
     *
     * @param host the bind host, or this host's address when the connector binds every interface
     * @param port the bound port
     */
    public record Endpoint(String host, int port) {

        /**
         * @param connectors the running server's connectors (Dropwizard's
         *     {@code ServerLifecycleListener.getPortDescriptorList})
         * @return the application connector's endpoint
         * @throws IllegalStateException if there is no application connector
         */
        public static Endpoint of(List<PortDescriptor> connectors) {
            PortDescriptor connector = connectors.stream()
                    .filter(port -> "application".equals(port.getConnectorType())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application connector"));
            return new Endpoint(advertised(connector.getHost()), connector.getPort());
        }

        /** A bind host of all interfaces (or none) is not an address others can use: this host's address is. */
        private static String advertised(String bindHost) {
            if (bindHost == null || bindHost.isBlank() || bindHost.equals("0.0.0.0") || bindHost.equals("::")) {
                try {
                    return InetAddress.getLocalHost().getHostAddress();
                } catch (UnknownHostException e) {
                    return "127.0.0.1";
                }
            }
            return bindHost;
        }
    }

    /**
     * @param host the application connector's host, e.g. {@code 127.0.0.1}
     * @param port its port, once bound
     * @param name the application's subdirectory, {@code status} or {@code bulk}
     * @return {@code <stateDir>/<name>}, with the default root when {@code stateDir} is empty
     */
    public String stateDir(String host, int port, String name) {
        Path root = stateDir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "herald-ingest", host + "-" + port)
                : Path.of(stateDir);
        return root.resolve(name).toString();
    }

    /**
     * @param host the application connector's host
     * @param port its port, once bound
     * @return {@code applicationServer}, or {@code host:port} when it is empty
     */
    public String applicationServer(String host, int port) {
        return applicationServer.isBlank() ? host + ":" + port : applicationServer;
    }

    @JsonProperty
    public String getStateDir() {
        return stateDir;
    }

    @JsonProperty
    public void setStateDir(String stateDir) {
        this.stateDir = stateDir;
    }

    @JsonProperty
    public String getApplicationServer() {
        return applicationServer;
    }

    @JsonProperty
    public void setApplicationServer(String applicationServer) {
        this.applicationServer = applicationServer;
    }

    @JsonProperty
    public boolean isStatusEnabled() {
        return statusEnabled;
    }

    @JsonProperty
    public void setStatusEnabled(boolean statusEnabled) {
        this.statusEnabled = statusEnabled;
    }

    @JsonProperty
    public String getStatusApplicationId() {
        return statusApplicationId;
    }

    @JsonProperty
    public void setStatusApplicationId(String statusApplicationId) {
        this.statusApplicationId = statusApplicationId;
    }

    @JsonProperty
    public boolean isBulkEnabled() {
        return bulkEnabled;
    }

    @JsonProperty
    public void setBulkEnabled(boolean bulkEnabled) {
        this.bulkEnabled = bulkEnabled;
    }

    @JsonProperty
    public String getBulkApplicationId() {
        return bulkApplicationId;
    }

    @JsonProperty
    public void setBulkApplicationId(String bulkApplicationId) {
        this.bulkApplicationId = bulkApplicationId;
    }

    @JsonProperty
    public String getBulkDefaultFrom() {
        return bulkDefaultFrom;
    }

    @JsonProperty
    public void setBulkDefaultFrom(String bulkDefaultFrom) {
        this.bulkDefaultFrom = bulkDefaultFrom;
    }

    /** @return the API client id of bulk-loaded requests and batches */
    @JsonProperty
    public String getBulkClientId() {
        return bulkClientId;
    }

    @JsonProperty
    public void setBulkClientId(String bulkClientId) {
        this.bulkClientId = bulkClientId;
    }

    /** @return how long shutdown waits, in all, for the Streams applications to close */
    @JsonProperty
    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    @JsonProperty
    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    /**
     * The configuration of one of the service's Kafka Streams applications (the status view, the bulk loader):
     * defaults {@code processing.guarantee=exactly_once_v2}, {@code num.stream.threads=1},
     * {@code statestore.cache.max.bytes=1048576}, {@code enable.metrics.push=false}, records that cannot be
     * deserialized logged and skipped ({@code LogAndContinueExceptionHandler}), and the internal topics'
     * {@code replication.factor} and {@code topic.min.insync.replicas} from {@link KafkaFactory#durability()}; then
     * every key of {@link KafkaFactory#getProperties()} (Kafka Streams hands client keys to its clients, so security
     * settings apply); then the bootstrap servers, {@code application.id}, {@code state.dir} and client id
     * {@code <clientId>-<name>}.
     *
     * @param kafka the {@code kafka} block: cluster, security settings, client id prefix, topic durability
     * @param applicationId the Streams {@code application.id}, also the prefix of its internal topics, e.g.
     *     {@code herald-ingest-status}
     * @param name a short name for the client id, e.g. {@code status}
     * @param stateDir the Streams {@code state.dir} (RocksDB stores), e.g. {@code /var/lib/herald/status}
     * @return a new mutable map of Kafka Streams properties
     */
    public Map<String, Object> streamsConfig(KafkaFactory kafka, String applicationId, String name,
                                             String stateDir) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, STREAMS_COMMIT_INTERVAL_MS);
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024L);
        config.put(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        // A record that cannot be read (not Avro, a schema id the registry does not know) is logged and skipped; with
        // Streams' default the application would stop at it, and every later record would wait behind it.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                SkipPoisonRecordsHandler.class.getName());
        TopicSetup.Durability durability = kafka.durability();
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) durability.replicationFactor());
        config.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                Integer.toString(durability.minInsyncReplicas()));
        config.putAll(kafka.getProperties());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        config.put(StreamsConfig.CLIENT_ID_CONFIG, kafka.getClientId() + "-" + name);
        return config;
    }
}
