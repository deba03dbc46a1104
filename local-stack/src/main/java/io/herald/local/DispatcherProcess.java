package io.herald.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * One dispatcher JVM, run from {@code dispatcher/target/dispatcher.jar} with a properties file the stack writes to
 * {@code config/NAME.properties} in the work folder. Ready when {@code GET /health} on its admin port answers 200.
 * Several dispatchers with the same {@code group.id} share {@code notify.requests}'s partitions.
 */
public final class DispatcherProcess extends ServiceProcess {

    /** Folder of the work folder that holds each dispatcher's receipt correlator stores, one folder per instance. */
    public static final String STATE_FOLDER = "receipts-state";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path configFile;

    private DispatcherProcess(ChildProcess process, int adminPort, Path configFile) {
        super(process, adminPort);
        this.configFile = configFile;
    }

    /**
     * Writes the dispatcher's properties file, starts it and waits until it is healthy.
     *
     * @param home where the dispatcher jar is
     * @param options Kafka, registry and SMPP settings, admin port, extra keys
     * @return the running dispatcher
     * @throws PortInUseException if the admin port is taken
     * @throws MissingArtifactException if the dispatcher is not built
     * @throws ChildProcessException if it is not healthy within the startup timeout
     */
    public static DispatcherProcess start(HeraldHome home, Options options) {
        Path jar = home.dispatcherJar();
        int adminPort = LocalPorts.resolve(options.adminPort());
        LocalPorts.requireFree(adminPort, ServicePort.DISPATCHER_ADMIN);
        Path configFile = configFile(options);
        writeConfig(configFile, properties(options, adminPort));
        JavaCommand command = JavaCommand.jar(jar);
        ClassDataArchive archive = options.classDataFolder == null ? null
                : ClassDataArchive.forJar(options.classDataFolder, jar);
        if (archive != null) {
            command.jvmOptions(archive.jvmOptions());
        }
        ChildProcess process;
        try {
            process = options.startChild(command.args(configFile.toString()),
                    ReadinessProbe.httpOk(URI.create(LocalPorts.httpUrl(adminPort) + "/health")));
        } catch (RuntimeException e) {
            if (archive != null) {
                archive.afterExit(CompletableFuture.completedFuture(-1));
            }
            throw e;
        }
        if (archive != null) {
            archive.afterExit(process.exitCode());
        }
        return new DispatcherProcess(process, adminPort, configFile);
    }

    /**
     * Writes the properties file a dispatcher with these options would start with, and starts nothing: for programs
     * that take a dispatcher's configuration, such as the baseline dispatchers of {@code herald bench}.
     *
     * @param options Kafka, registry and SMPP settings, extra keys; the admin port is written as 0
     * @return the file, {@code config/NAME.properties} in the work folder
     */
    public static Path writeConfig(Options options) {
        Path configFile = configFile(options);
        writeConfig(configFile, properties(options, 0));
        return configFile;
    }

    private static Path configFile(Options options) {
        return options.workDir().toAbsolutePath().resolve("config").resolve(options.name() + ".properties");
    }

    static Map<String, String> properties(Options options, int adminPort) {
        String bootstrapServers = options.bootstrapServers();
        String registryUrl = options.registryUrl();
        Objects.requireNonNull(options.smppHost, "smpp host");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("registry.url", registryUrl);
        p.put("group.id", options.groupId);
        String instanceId = options.instanceId != null ? options.instanceId : options.name();
        p.put("instance.id", instanceId);
        p.put("sender.threads", Integer.toString(options.senderThreads));
        p.put("admin.port", Integer.toString(adminPort));
        // The local stack keeps every server on loopback; the dispatcher binds every interface by default (containers).
        p.put("admin.host", LocalPorts.HOST);
        p.put("smpp.host", options.smppHost);
        p.put("smpp.port", Integer.toString(options.smppPort));
        p.put("smpp.system.id", options.smppSystemId);
        p.put("smpp.password", options.smppPassword);
        List<String> gateways = new ArrayList<>(List.of("smpp"));
        if (options.smtpPort > 0) {
            // SMS through the SMSC, e-mail through the mail server. The SMPP gateway is named smpp, as the single
            // gateway is, so statuses name the same gateway either way.
            gateways.add("smtp");
            p.put("gateway.smtp.type", "smtp");
            p.put("smtp.host", options.smtpHost);
            p.put("smtp.port", Integer.toString(options.smtpPort));
            // A local test server on loopback: no TLS.
            p.put("smtp.tls", "none");
        }
        if (options.push != null) {
            // iOS through the simulator's APNs server, Android through its FCM server.
            gateways.add("apns");
            gateways.add("fcm");
            p.putAll(options.push.dispatcherProperties());
        }
        if (gateways.size() > 1) {
            p.put("gateways", String.join(",", gateways));
            p.put("gateway.smpp.type", "smpp");
        }
        // Each stack keeps the receipt correlator's RocksDB stores in its own work folder, beside its broker's data.
        p.put("receipts.state.dir", options.workDir().toAbsolutePath().resolve(STATE_FOLDER).resolve(instanceId)
                .toString());
        p.putAll(options.extra);
        return p;
    }

    private static void writeConfig(Path file, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, "Written by Herald's local stack (io.herald.local.DispatcherProcess)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** @return the properties file the dispatcher was started with */
    public Path configFile() {
        return configFile;
    }

    /**
     * Reads the dispatcher's {@code GET /stats} on its admin port.
     *
     * @return its JSON object: counters such as {@code sent}, {@code failed}, {@code gatewayWaits}, {@code inFlight},
     *     and objects such as {@code committedOffsets}, {@code receipts} and {@code circuit}
     * @throws UncheckedIOException if the dispatcher does not answer 200 within 10 s
     * @throws IllegalStateException if interrupted (the interrupt flag is set again)
     */
    public JsonNode stats() {
        URI uri = URI.create(adminUrl() + "/stats");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Options of {@link DispatcherProcess#start(HeraldHome, Options)}; each maps to a key of the dispatcher's
     * properties file.
     *
     * <table>
     *   <caption>Options</caption>
     *   <tr><th>Name</th><th>Key</th><th>Default</th><th>Description</th></tr>
     *   <tr><td>workDir</td><td></td><td>(required)</td><td>work folder: config/, logs/, run/</td></tr>
     *   <tr><td>kafka(bootstrap, registry)</td><td>bootstrap.servers, registry.url</td><td>(required)</td>
     *       <td>Kafka and the registry's base URL</td></tr>
     *   <tr><td>smpp(host, port, systemId, password)</td><td>smpp.host, smpp.port, smpp.system.id,
     *       smpp.password</td><td>127.0.0.1, 12775, herald, herald</td><td>the SMSC to bind to</td></tr>
     *   <tr><td>smtp(host, port)</td><td>gateways=smpp,smtp, gateway.smpp.type, gateway.smtp.type, smtp.host,
     *       smtp.port, smtp.tls=none</td><td>none (no e-mail)</td><td>the mail server e-mail goes to, beside the
     *       SMSC</td></tr>
     *   <tr><td>push(endpoints)</td><td>gateways=smpp,…,apns,fcm, gateway.apns.type, apns.*, gateway.fcm.type,
     *       fcm.*</td><td>none (no push)</td><td>the simulator's APNs and FCM servers, beside the SMSC</td></tr>
     *   <tr><td>groupId</td><td>group.id</td><td>herald-dispatcher</td><td>consumer group</td></tr>
     *   <tr><td>instanceId</td><td>instance.id</td><td>the name</td><td>this instance's id in logs and
     *       metrics</td></tr>
     *   <tr><td></td><td>receipts.state.dir</td><td>workDir/receipts-state/instanceId</td><td>the receipt
     *       correlator's local stores</td></tr>
     *   <tr><td>senderThreads</td><td>sender.threads</td><td>4</td><td>threads sending to the SMSC</td></tr>
     *   <tr><td></td><td>admin.host</td><td>127.0.0.1</td><td>the admin port listens on loopback only</td></tr>
     *   <tr><td>adminPort</td><td>admin.port</td><td>18091</td><td>health and metrics port; 0 picks a free
     *       one</td></tr>
     *   <tr><td>extra</td><td>any</td><td>none</td><td>more keys, e.g. Kafka consumer settings</td></tr>
     *   <tr><td>maxHeap</td><td></td><td>256m</td><td>-Xmx</td></tr>
     *   <tr><td>jvmOptions</td><td></td><td>none</td><td>extra JVM options</td></tr>
     *   <tr><td>startupTimeout / stopTimeout</td><td></td><td>60 s / 30 s</td><td>see {@link ChildProcess}</td></tr>
     *   <tr><td>name</td><td></td><td>dispatcher-1</td><td>name of the config, log and pid files</td></tr>
     * </table>
     */
    public static final class Options extends ServiceOptions<Options> {
        /** Default admin port of the first dispatcher; the demo gives the second one 18092. */
        public static final int DEFAULT_ADMIN_PORT = 18091;
        /** Default consumer group. */
        public static final String DEFAULT_GROUP_ID = "herald-dispatcher";

        private String groupId = DEFAULT_GROUP_ID;
        private String instanceId;
        private int senderThreads = 4;
        private String smppHost = LocalPorts.HOST;
        private int smppPort = SmscSimulatorProcess.Options.DEFAULT_SMPP_PORT;
        private String smppSystemId = "herald";
        private String smppPassword = "herald";
        private String smtpHost = LocalPorts.HOST;
        private int smtpPort;
        private PushEndpoints push;
        private final Map<String, String> extra = new LinkedHashMap<>();
        private Path classDataFolder;

        private Options(Path workDir) {
            super(workDir, "dispatcher-1", "256m", Duration.ofSeconds(60), Duration.ofSeconds(30),
                    DEFAULT_ADMIN_PORT);
        }

        /** @param workDir the work folder @return options with defaults and that folder */
        public static Options in(Path workDir) {
            return new Options(workDir);
        }

        @Override
        protected Options self() {
            return this;
        }

        /**
         * @param host SMSC host
         * @param port SMSC SMPP port
         * @param systemId bind system_id
         * @param password bind password
         * @return this
         */
        public Options smpp(String host, int port, String systemId, String password) {
            this.smppHost = host;
            this.smppPort = port;
            this.smppSystemId = systemId;
            this.smppPassword = password;
            return this;
        }

        /**
         * Points the dispatcher at a running simulator.
         *
         * @param smsc the simulator
         * @return this
         */
        public Options smpp(SmscSimulatorProcess smsc) {
            return smpp(LocalPorts.HOST, smsc.smppPort(), smsc.systemId(), smsc.password());
        }

        /**
         * Adds the simulator's other servers as gateways, beside its SMSC.
         *
         * @param smsc the simulator
         * @param email whether to send e-mail to its SMTP server ({@link #smtp})
         * @param push whether to send push to its APNs and FCM servers ({@link #push})
         * @return this
         */
        public Options simulatorGateways(SmscSimulatorProcess smsc, boolean email, boolean push) {
            if (email) {
                smtp(LocalPorts.HOST, smsc.smtpPort());
            }
            return push ? push(smsc.pushEndpoints()) : this;
        }

        /**
         * Adds a mail server for e-mail, beside the SMSC: two gateways, {@code smpp} and {@code smtp}.
         *
         * @param host the mail server's host
         * @param port its SMTP port (plain text, no TLS); 0 for no e-mail gateway
         * @return this
         */
        public Options smtp(String host, int port) {
            this.smtpHost = host;
            this.smtpPort = port;
            return this;
        }

        /**
         * Adds push, beside the SMSC: gateways {@code apns} and {@code fcm} to the simulator's push servers.
         *
         * @param endpoints the servers and their credentials
         * @return this
         */
        public Options push(PushEndpoints endpoints) {
            this.push = endpoints;
            return this;
        }

        /** @param groupId consumer group id @return this */
        public Options groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** @param instanceId instance id (default: the name) @return this */
        public Options instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /** @param threads sender threads, at least 1 @return this */
        public Options senderThreads(int threads) {
            this.senderThreads = threads;
            return this;
        }

        /**
         * Starts the dispatcher with an application class-data archive kept in a folder ({@link ClassDataArchive}):
         * about half the start-up CPU once the archive exists; the first dispatcher without one writes it when it
         * stops normally.
         *
         * @param folder where the archives are kept, e.g. {@code <herald home>/.herald/cds}; null for none (default)
         * @return this
         */
        public Options classDataSharing(Path folder) {
            this.classDataFolder = folder;
            return this;
        }

        /** @param key a dispatcher or Kafka consumer key @param value its value @return this */
        public Options property(String key, String value) {
            extra.put(key, value);
            return this;
        }
    }
}
