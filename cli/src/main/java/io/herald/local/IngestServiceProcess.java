package io.herald.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest-service (Dropwizard) run from {@code ingest-service/target/ingest-service.jar} with
 * {@code server ingest-service/config.yml}, its ports, Kafka and registry set through Dropwizard's {@code -Ddw.*}
 * overrides. Ready when {@code GET /healthcheck} on the admin port answers 200 (every health check passes).
 */
public final class IngestServiceProcess extends LocalProcess {

    private final int port;
    private final int adminPort;

    private IngestServiceProcess(ChildProcess process, int port, int adminPort) {
        super(process);
        this.port = port;
        this.adminPort = adminPort;
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
        Objects.requireNonNull(options.bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(options.registryUrl, "registryUrl");
        int port = LocalPorts.resolve(options.port);
        int adminPort = LocalPorts.resolve(options.adminPort);
        LocalPorts.requireFree(port, ServicePort.INGEST);
        LocalPorts.requireFree(adminPort, ServicePort.INGEST_ADMIN);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("server.applicationConnectors[0].port", Integer.toString(port));
        overrides.put("server.adminConnectors[0].port", Integer.toString(adminPort));
        overrides.put("kafka.bootstrapServers", options.bootstrapServers);
        overrides.put("kafka.registryUrl", options.registryUrl);
        overrides.putAll(options.overrides);
        JavaCommand command = JavaCommand.jar(jar).maxHeap(options.maxHeap);
        overrides.forEach((key, value) -> command.jvmOption("-Ddw." + key + "=" + value));
        command.jvmOptions(options.jvmOptions).args("server", config.toString());
        ChildProcess process = ChildProcess.start(ChildProcess.Spec.builder(options.name, command.build())
                .workDir(options.workDir)
                .readiness(ReadinessProbe.httpOk(URI.create(baseUrl(adminPort) + "/healthcheck")))
                .startupTimeout(options.startupTimeout)
                .stopTimeout(options.stopTimeout)
                .build());
        return new IngestServiceProcess(process, port, adminPort);
    }

    private static String baseUrl(int port) {
        return "http://" + LocalPorts.HOST + ":" + port;
    }

    /** @return the REST API's base URL, {@code http://127.0.0.1:PORT} ({@code POST /v1/batches} is under it) */
    public String url() {
        return baseUrl(port);
    }

    /** @return the admin base URL (health checks, metrics) */
    public String adminUrl() {
        return baseUrl(adminPort);
    }

    /** @return the application port */
    public int port() {
        return port;
    }

    /** @return the admin port */
    public int adminPort() {
        return adminPort;
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
     *   <tr><td>overrides</td><td>none</td><td>Dropwizard settings, passed as {@code -Ddw.KEY=VALUE}</td></tr>
     *   <tr><td>maxHeap</td><td>512m</td><td>-Xmx</td></tr>
     *   <tr><td>startupTimeout / stopTimeout</td><td>90 s / 30 s</td><td>see {@link ChildProcess}</td></tr>
     *   <tr><td>name</td><td>ingest</td><td>name of the log and pid files</td></tr>
     * </table>
     */
    public static final class Options {
        /** Default application port. */
        public static final int DEFAULT_PORT = 18080;
        /** Default admin port. */
        public static final int DEFAULT_ADMIN_PORT = 18089;

        private Path workDir;
        private String bootstrapServers;
        private String registryUrl;
        private int port = DEFAULT_PORT;
        private int adminPort = DEFAULT_ADMIN_PORT;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private String maxHeap = "512m";
        private Duration startupTimeout = Duration.ofSeconds(90);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private String name = "ingest";

        /** @param workDir the work folder @return options with defaults and that folder */
        public static Options in(Path workDir) {
            Options options = new Options();
            options.workDir = Objects.requireNonNull(workDir);
            return options;
        }

        /**
         * @param bootstrapServers Kafka {@code bootstrap.servers}
         * @param registryUrl the registry's base URL
         * @return this
         */
        public Options kafka(String bootstrapServers, String registryUrl) {
            this.bootstrapServers = bootstrapServers;
            this.registryUrl = registryUrl;
            return this;
        }

        /** @param port application port, 0 for a free one @return this */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** @param port admin port, 0 for a free one @return this */
        public Options adminPort(int port) {
            this.adminPort = port;
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

        /** @param option a JVM option @return this */
        public Options jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** @param maxHeap -Xmx value @return this */
        public Options maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** @param timeout startup timeout @return this */
        public Options startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** @param name log and pid file name @return this */
        public Options name(String name) {
            this.name = name;
            return this;
        }
    }
}
