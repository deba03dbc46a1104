package io.herald.local;

import io.herald.auth.ApiKeys;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ingest-service (Dropwizard) run from {@code ingest-service/target/ingest-service.jar} with
 * {@code server ingest-service/config.yml}, its ports, Kafka and registry set through Dropwizard's {@code -Ddw.*}
 * overrides. Ready when {@code GET /healthcheck} on the admin port answers 200 (every health check passes).
 */
public final class IngestServiceProcess extends ServiceProcess {

    /**
     * The callback signing key of the local stack's client {@value #LOCAL_CLIENT} (HMAC-SHA256, see docs/status.md).
     * It is public and only for local use: a deployment sets its own in {@code callbacks.signingKeys}.
     */
    public static final String LOCAL_CALLBACK_KEY = "herald-local-stack-callback-key-not-a-secret";
    /** The only address the local stack's callbacks may reach over plain http: a loopback alias nothing else uses. */
    public static final String LOCAL_CALLBACK_RECEIVER_HOST = "127.0.0.2";

    /**
     * The API client of the local stack: its key ({@link Options#apiKey}) is the one every local tool sends, and
     * bulk-loaded batches belong to it.
     */
    public static final String LOCAL_CLIENT = "local";

    /**
     * A second API client of the local stack, with small quotas ({@value #LIMITED_REQUESTS_PER_SECOND} requests/s,
     * {@value #LIMITED_RECIPIENTS_PER_MINUTE} recipients/minute) and one sender ({@value #LIMITED_SENDER}), to try
     * quotas, sender allowlists and tenancy against (docs/api.md).
     */
    public static final String LIMITED_CLIENT = "limited";
    /** The highest priority {@value #LIMITED_CLIENT} may ask for ({@code auth.clients.limited.maxPriority}). */
    public static final String LIMITED_MAX_PRIORITY = "normal";
    /** The only sender {@value #LIMITED_CLIENT} may use ({@code auth.clients.limited.senders}). */
    public static final String LIMITED_SENDER = "HERALD";
    /** Requests per second of {@value #LIMITED_CLIENT}. */
    public static final int LIMITED_REQUESTS_PER_SECOND = 2;
    /** Recipients per minute of {@value #LIMITED_CLIENT}. */
    public static final int LIMITED_RECIPIENTS_PER_MINUTE = 100;

    private final int port;
    private final String apiKey;
    private final String limitedApiKey;

    private IngestServiceProcess(ChildProcess process, int port, int adminPort, Options options) {
        super(process, adminPort);
        this.port = port;
        this.apiKey = options.apiKey;
        this.limitedApiKey = options.limitedApiKey;
    }

    /**
     * Starts the ingest-service and waits until its health checks pass.
     *
     * @param home where the jar and {@code config.yml} are
     * @param options ports, Kafka and registry addresses, overrides
     * @return the running service
     * @throws PortInUseException if the application or admin port is taken
     * @throws MissingArtifactException if the service is not built
     * @throws ChildProcessException if it is not healthy within the startup timeout
     */
    public static IngestServiceProcess start(HeraldHome home, Options options) {
        Path jar = home.ingestServiceJar();
        Path config = home.ingestServiceConfig();
        String bootstrapServers = options.bootstrapServers();
        String registryUrl = options.registryUrl();
        int port = LocalPorts.resolve(options.port);
        int adminPort = LocalPorts.resolve(options.adminPort());
        LocalPorts.requireFree(port, ServicePort.INGEST);
        LocalPorts.requireFree(adminPort, ServicePort.INGEST_ADMIN);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("server.applicationConnectors[0].port", Integer.toString(port));
        overrides.put("server.adminConnectors[0].port", Integer.toString(adminPort));
        overrides.put("kafka.bootstrapServers", bootstrapServers);
        overrides.put("kafka.registryUrl", registryUrl);
        // Each instance's own Streams state, beside its log, deleted with the stack's work folder.
        overrides.put("streams.stateDir", options.workDir().resolve("ingest-state").resolve(options.name() + "-" + port)
                .toString());
        // One client, "local", with this instance's key and quotas far above what the demo and the tests send.
        overrides.put("auth.clients." + LOCAL_CLIENT + ".keyHashes", ApiKeys.hash(options.apiKey));
        overrides.put("auth.clients." + LOCAL_CLIENT + ".requestsPerSecond", "10000");
        overrides.put("auth.clients." + LOCAL_CLIENT + ".recipientsPerMinute", "100000000");
        overrides.put("auth.clients." + LIMITED_CLIENT + ".keyHashes", ApiKeys.hash(options.limitedApiKey));
        overrides.put("auth.clients." + LIMITED_CLIENT + ".requestsPerSecond",
                Integer.toString(LIMITED_REQUESTS_PER_SECOND));
        overrides.put("auth.clients." + LIMITED_CLIENT + ".recipientsPerMinute",
                Integer.toString(LIMITED_RECIPIENTS_PER_MINUTE));
        overrides.put("auth.clients." + LIMITED_CLIENT + ".senders", LIMITED_SENDER);
        overrides.put("auth.clients." + LIMITED_CLIENT + ".maxPriority", LIMITED_MAX_PRIORITY);
        overrides.put("callbacks.signingKeys." + LOCAL_CLIENT, LOCAL_CALLBACK_KEY);
        // A receiver of the demo's callbacks may listen on 127.0.0.2 over plain http; every other loopback or private
        // address stays refused, as in production.
        overrides.put("callbacks.allowHttp", "true");
        overrides.put("callbacks.allowedNetworks", LOCAL_CALLBACK_RECEIVER_HOST + "/32");
        overrides.put("streams.bulkClientId", LOCAL_CLIENT);
        overrides.putAll(options.overrides);
        JavaCommand command = JavaCommand.jar(jar).args("server", config.toString());
        overrides.forEach((key, value) -> command.jvmOption("-Ddw." + key + "=" + value));
        ChildProcess process = options.startChild(command,
                ReadinessProbe.httpOk(URI.create(LocalPorts.httpUrl(adminPort) + "/healthcheck")));
        return new IngestServiceProcess(process, port, adminPort, options);
    }

    /**
     * @return the API key of client {@value #LOCAL_CLIENT} on this instance, for {@code Authorization: Bearer}; it is
     *     made afresh for each stack (see {@link Options#apiKey})
     */
    public String apiKey() {
        return apiKey;
    }

    /** @return the API key of client {@value #LIMITED_CLIENT} on this instance, made afresh for each stack */
    public String limitedApiKey() {
        return limitedApiKey;
    }

    /** @return the REST API's base URL, {@code http://127.0.0.1:PORT} ({@code POST /v1/batches} is under it) */
    public String url() {
        return LocalPorts.httpUrl(port);
    }

    /** @return the application port */
    public int port() {
        return port;
    }

    /**
     * Options of {@link IngestServiceProcess#start(HeraldHome, Options)}.
     *
     * <table>
     *   <caption>Options</caption>
     *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
     *   <tr><td>workDir</td><td>(required)</td><td>work folder: working directory, logs/, run/</td></tr>
     *   <tr><td>bootstrapServers</td><td>(required)</td><td>Kafka {@code bootstrap.servers}</td></tr>
     *   <tr><td>registryUrl</td><td>(required)</td><td>registry base URL, {@code http://127.0.0.1:R}</td></tr>
     *   <tr><td>port</td><td>18080</td><td>application (REST) port; 0 picks a free one</td></tr>
     *   <tr><td>adminPort</td><td>18089</td><td>admin port; 0 picks a free one</td></tr>
     *   <tr><td>apiKey</td><td>a fresh {@link ApiKeys#generate()} key</td><td>the key of client
     *       {@value #LOCAL_CLIENT}; give instances of one stack the same key</td></tr>
     *   <tr><td>limitedApiKey</td><td>a fresh key</td><td>the key of client {@value #LIMITED_CLIENT}</td></tr>
     *   <tr><td>overrides</td><td>none</td><td>Dropwizard settings, passed as {@code -Ddw.KEY=VALUE}</td></tr>
     *   <tr><td>maxHeap</td><td>512m</td><td>-Xmx</td></tr>
     *   <tr><td>jvmOptions</td><td>none</td><td>extra JVM options</td></tr>
     *   <tr><td>startupTimeout / stopTimeout</td><td>90 s / 30 s</td><td>see {@link ChildProcess}</td></tr>
     *   <tr><td>name</td><td>ingest</td><td>name of the log and pid files</td></tr>
     * </table>
     */
    public static final class Options extends ServiceOptions<Options> {
        /** Default application port. */
        public static final int DEFAULT_PORT = 18080;
        /** Default admin port. */
        public static final int DEFAULT_ADMIN_PORT = 18089;

        private int port = DEFAULT_PORT;
        private String apiKey = ApiKeys.generate();
        private String limitedApiKey = ApiKeys.generate();
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Options(Path workDir) {
            super(workDir, "ingest", "512m", Duration.ofSeconds(90), Duration.ofSeconds(30), DEFAULT_ADMIN_PORT);
        }

        /** @param workDir the work folder @return options with defaults and that folder */
        public static Options in(Path workDir) {
            return new Options(workDir);
        }

        @Override
        protected Options self() {
            return this;
        }

        /** @param port application port, 0 for a free one @return this */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param apiKey the API key of client {@value IngestServiceProcess#LOCAL_CLIENT} (only its SHA-256 hash goes
         *     into the service's config)
         * @return this
         */
        public Options apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** @return the API key of client {@value IngestServiceProcess#LOCAL_CLIENT} */
        public String apiKey() {
            return apiKey;
        }

        /**
         * @param limitedApiKey the API key of client {@value IngestServiceProcess#LIMITED_CLIENT}
         * @return this
         */
        public Options limitedApiKey(String limitedApiKey) {
            this.limitedApiKey = limitedApiKey;
            return this;
        }

        /**
         * @param key a Dropwizard configuration path, e.g. {@code kafka.producer.linger.ms}
         * @param value its value
         * @return this
         */
        public Options override(String key, String value) {
            overrides.put(key, value);
            return this;
        }
    }
}
